/**
 * Binary masks: ground truth read from files, and predictions thresholded from probabilities.
 * One byte per pixel, 1 = foreground.
 */
import { type PixelBox } from './geometry';
import { maxSampleValue, type Raster } from './raster';

export interface BinaryMask {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Ground truth from a decoded mask file. Masks come as 0/255, as 0/1 (label maps) or
 * anti-aliased; foreground is "above half the maximum" unless the file holds nothing above 1,
 * in which case it is a 0/1 label map and 1 is foreground. RGB masks use their brightest channel.
 */
export function maskFromRaster(raster: Raster): BinaryMask {
  const n = raster.width * raster.height;
  const c = raster.channels;
  const value = (i: number) => {
    if (c === 1) return raster.data[i];
    return Math.max(raster.data[i * 3], raster.data[i * 3 + 1], raster.data[i * 3 + 2]);
  };
  let max = 0;
  for (let i = 0; i < n; i++) max = Math.max(max, value(i));
  // Real-valued masks (a rescaled DICOM) have no type maximum: half the largest value present.
  const cut = max <= 1 ? 1 : (maxSampleValue(raster) ?? max) / 2;
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = value(i) >= cut ? 1 : 0;
  return { width: raster.width, height: raster.height, data };
}

/** The one definition of "predicted foreground" used by overlays, metrics and exports. */
export function isForeground(probability: number, threshold: number): boolean {
  return probability >= threshold;
}

/**
 * A full-size binary mask of the prediction: `boxProbabilities` covers `box`, everything
 * outside the box (outside the region the model saw) is background.
 */
export function thresholdToMask(
  boxProbabilities: Float32Array,
  box: PixelBox,
  width: number,
  height: number,
  threshold: number,
): BinaryMask {
  const data = new Uint8Array(width * height);
  const bw = box.x1 - box.x0;
  for (let y = box.y0; y < box.y1; y++) {
    const rowIn = (y - box.y0) * bw;
    const rowOut = y * width;
    for (let x = box.x0; x < box.x1; x++) {
      data[rowOut + x] = isForeground(boxProbabilities[rowIn + x - box.x0], threshold) ? 1 : 0;
    }
  }
  return { width, height, data };
}
