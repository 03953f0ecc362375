/**
 * Binary masks: ground truth read from files, and predictions thresholded from probabilities.
 * One byte per pixel, 1 = foreground.
 */
import { type PixelBox } from './geometry';
import { isMaskForeground, type MaskReading, readMaskValues } from './maskReading';
import { type Raster } from './raster';

export interface BinaryMask {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
  /** For ground truth read from a file: how its values were read as foreground. */
  readonly reading?: MaskReading;
}

/**
 * Ground truth from a decoded mask file: binary (0/255, 0/1, 0/65535…), soft-edged, or a label
 * map (non-zero = foreground); see maskReading.ts for how the kind is told. RGB masks use their
 * brightest channel, so coloured labels count as labels.
 */
export function maskFromRaster(raster: Raster): BinaryMask {
  const n = raster.width * raster.height;
  let values: ArrayLike<number> = raster.data;
  if (raster.channels === 3) {
    const brightest = new Float32Array(n);
    const d = raster.data;
    for (let i = 0; i < n; i++) brightest[i] = Math.max(d[i * 3], d[i * 3 + 1], d[i * 3 + 2]);
    values = brightest;
  }
  const reading = readMaskValues(values, raster.width);
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = isMaskForeground(values[i], reading) ? 1 : 0;
  return { width: raster.width, height: raster.height, data, reading };
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
