/**
 * Confusion counts for every threshold on a fixed grid at once, so the live readout costs
 * O(steps) per threshold move instead of a pass over every pixel of every image.
 *
 * Bin k holds the pixels whose probability p satisfies k/steps <= p < (k+1)/steps, decided with
 * the same comparison as `isForeground`, so at any grid threshold the counts equal
 * `confusionAt` exactly (a unit test checks it).
 */
import { type PixelBox } from '../image/geometry';
import { type BinaryMask, isForeground } from '../image/mask';
import { upsampleRows } from '../image/resample';
import { type Segmentation } from '../image/segmentation';
import { type Confusion } from './scores';

/** The threshold grid: the slider's step, the store's rounding and the histogram's bins (1/1000). */
export const THRESHOLD_STEPS = 1000;

export interface ThresholdHistogram {
  readonly steps: number;
  /** Count of ground-truth foreground pixels per bin. */
  readonly foreground: Uint32Array;
  /** Count of ground-truth background pixels per bin. */
  readonly background: Uint32Array;
}

/** Largest k in [0, steps] with isForeground(p, k / steps); -1 when p is below 0. */
export function binOf(p: number, steps: number): number {
  if (Number.isNaN(p)) return -1;
  let k = Math.min(steps, Math.max(-1, Math.floor(p * steps)));
  while (k >= 0 && !isForeground(p, k / steps)) k--;
  while (k < steps && isForeground(p, (k + 1) / steps)) k++;
  return k;
}

export function buildHistogram(
  boxProbabilities: Float32Array,
  box: PixelBox,
  truth: BinaryMask,
  steps = THRESHOLD_STEPS,
): ThresholdHistogram {
  // One extra bin at the bottom (index 0) for p below threshold 0, i.e. never foreground.
  const foreground = new Uint32Array(steps + 2);
  const background = new Uint32Array(steps + 2);
  const bw = box.x1 - box.x0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const bin = binOf(boxProbabilities[(y - box.y0) * bw + x - box.x0], steps) + 1;
      if (truth.data[y * truth.width + x] === 1) foreground[bin]++;
      else background[bin]++;
    }
  }
  return { steps, foreground, background };
}

/**
 * The same histogram straight from a segmentation, at every pixel of the image, without holding
 * the image's probabilities at once (one row of them at a time; the same values, image/resample.ts).
 * What the measuring worker runs: for a 12000×12000 scan it reads 144 million pixels in a few
 * seconds, off the page's thread, in a few kB instead of 576 MB.
 */
export function histogramOfSegmentation(segmentation: Segmentation, truth: BinaryMask, steps = THRESHOLD_STEPS): ThresholdHistogram {
  const foreground = new Uint32Array(steps + 2);
  const background = new Uint32Array(steps + 2);
  const { box } = segmentation;
  upsampleRows(segmentation.grid, segmentation.gridSize, segmentation.region, box, (row, y) => {
    const offset = y * truth.width + box.x0;
    for (let x = 0; x < row.length; x++) {
      const bin = binOf(row[x], steps) + 1;
      if (truth.data[offset + x] === 1) foreground[bin]++;
      else background[bin]++;
    }
  });
  return { steps, foreground, background };
}

/** Nearest grid index of a threshold in [0, 1]. */
export function thresholdIndex(threshold: number, steps: number): number {
  return Math.min(steps, Math.max(0, Math.round(threshold * steps)));
}

export function confusionFromHistogram(histogram: ThresholdHistogram, threshold: number): Confusion {
  const k = thresholdIndex(threshold, histogram.steps) + 1;
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  for (let b = 0; b < histogram.foreground.length; b++) {
    if (b >= k) {
      tp += histogram.foreground[b];
      fp += histogram.background[b];
    } else {
      fn += histogram.foreground[b];
      tn += histogram.background[b];
    }
  }
  return { tp, fp, fn, tn };
}
