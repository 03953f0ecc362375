/**
 * A model's answer for one image, as kept for every image: the probability grid on the model's
 * square and where that square lies on the image. The probabilities at each original pixel are
 * derived from it when needed (overlay, metrics, export) instead of being stored: for an 800×540
 * scan that is 1.7 MB per image saved, which is what lets hundreds of images stay loaded.
 */
import { type PixelBox, type Region } from './geometry';
import { type LabelMap } from './labelMap';
import { isForeground, type BinaryMask } from './mask';
import { upsampleRows, upsampleToBox } from './resample';
import { type IntensityWindow } from './window';

export interface Segmentation {
  /**
   * Foreground probability on the model's grid (gridSize × gridSize, row-major); for a model of
   * several classes, the probability of any class (see ml/segmentationModel.ts `predict`).
   */
  readonly grid: Float32Array;
  /**
   * For a model of several classes: each class's probability on the grid, as planes (class k at
   * offset (k − 1)·gridSize²); null for a binary model.
   */
  readonly classGrids?: Float32Array | null;
  /** How the classes exclude each other: 'softmax' (argmax, one class per pixel) or 'sigmoid' (multi-label). */
  readonly activation?: 'softmax' | 'sigmoid';
  readonly gridSize: number;
  /** The square of the image the model saw, and the image pixels it covers. */
  readonly region: Region;
  readonly box: PixelBox;
  /** The intensity window the model's input went through (the view's). */
  readonly window: IntensityWindow;
  /** Milliseconds in the model alone. */
  readonly inferenceMs: number;
}

const RECENT = 8;
const recent = new Map<Float32Array, Float32Array>();

/**
 * Probabilities at every original pixel of the box (row-major over the box), by bilinear
 * interpolation of the grid. The last few results are kept, since the selected image's overlay
 * asks again at every threshold move.
 */
export function probabilitiesOnImage(segmentation: Segmentation): Float32Array {
  const hit = recent.get(segmentation.grid);
  if (hit) {
    recent.delete(segmentation.grid);
    recent.set(segmentation.grid, hit);
    return hit;
  }
  const values = upsampleToBox(segmentation.grid, segmentation.gridSize, segmentation.region, segmentation.box);
  recent.set(segmentation.grid, values);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value as Float32Array);
  return values;
}

/**
 * The model's own probabilities on the image: the grid cells whose centre falls on the image's
 * pixels (the letterbox padding left out), row-major. At most gridSize² values, whatever the
 * image's size, so it is cheap for a 12000² scan too.
 */
export function probabilitiesOnGrid(segmentation: Segmentation): Float32Array {
  const { grid, gridSize, region, box } = segmentation;
  const scale = region.size / gridSize;
  const cells: number[] = [];
  for (let j = 0; j < gridSize; j++) {
    const y = region.y + (j + 0.5) * scale;
    if (y < box.y0 || y >= box.y1) continue;
    for (let i = 0; i < gridSize; i++) {
      const x = region.x + (i + 0.5) * scale;
      if (x >= box.x0 && x < box.x1) cells.push(grid[j * gridSize + i]);
    }
  }
  return Float32Array.from(cells);
}

/**
 * The predicted mask over the whole image at a threshold (background outside the box), made one
 * row of probabilities at a time: equal to thresholdToMask(probabilitiesOnImage(…)) without the
 * image-sized float array, and without filling the cache with copies a worker receives once.
 */
export function predictedMask(segmentation: Segmentation, width: number, height: number, threshold: number): BinaryMask {
  const data = new Uint8Array(width * height);
  const { box } = segmentation;
  upsampleRows(segmentation.grid, segmentation.gridSize, segmentation.region, box, (row, y) => {
    const offset = y * width + box.x0;
    for (let x = 0; x < row.length; x++) data[offset + x] = isForeground(row[x], threshold) ? 1 : 0;
  });
  return { width, height, data };
}

/** Foreground classes of a segmentation: 1 for a binary model. */
export function classCountOf(segmentation: Segmentation): number {
  const planes = segmentation.classGrids;
  return planes ? planes.length / (segmentation.gridSize * segmentation.gridSize) : 1;
}

/** Class k's probabilities at every pixel of the box (k = 1 for a binary model's foreground). */
export function classProbabilitiesOnImage(segmentation: Segmentation, k: number): Float32Array {
  const planes = segmentation.classGrids;
  if (!planes) return probabilitiesOnImage(segmentation);
  const n = segmentation.gridSize * segmentation.gridSize;
  return probabilitiesOnImage({ ...segmentation, grid: planes.subarray((k - 1) * n, k * n) });
}

const recentLabels = new WeakMap<Float32Array, { threshold: number; width: number; height: number; map: LabelMap }>();

/**
 * The predicted label map over the whole image (width × height; outside the box the model saw is
 * background). Binary: class 1 where p ≥ threshold. Softmax: the most probable class of the
 * interpolated probabilities, background included (argmax, as nnU-Net and MONAI's AsDiscrete
 * decode; the threshold does not apply). Multi-label sigmoids: the most probable class among those
 * with p ≥ threshold (an overlap is shown as its most probable class).
 */
export function labelsOnImage(segmentation: Segmentation, threshold: number, width: number, height: number): LabelMap {
  const cached = recentLabels.get(segmentation.grid);
  if (cached && cached.width === width && cached.height === height && (cached.threshold === threshold || segmentation.activation === 'softmax')) return cached.map;
  const count = classCountOf(segmentation);
  const planes = Array.from({ length: count }, (_, i) => classProbabilitiesOnImage(segmentation, i + 1));
  const { box } = segmentation;
  const bw = box.x1 - box.x0;
  const softmax = count > 1 && segmentation.activation !== 'sigmoid';
  const data = new Uint8Array(width * height);
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const i = (y - box.y0) * bw + x - box.x0;
      let best = 0;
      let bestP = softmax ? 0 : -1;
      let sum = 0;
      for (let k = 0; k < count; k++) {
        const p = planes[k][i];
        sum += p;
        if (p > bestP && (softmax || p >= threshold)) {
          best = k + 1;
          bestP = p;
        }
      }
      // Softmax: background wins where it is more probable than the best class.
      if (softmax && 1 - sum >= bestP) best = 0;
      data[y * width + x] = best;
    }
  }
  const map = { width, height, data };
  recentLabels.set(segmentation.grid, { threshold, width, height, map });
  return map;
}
