/**
 * Predicted area at any threshold for an image without ground truth: a count of the box's pixels
 * per probability bin, on the same grid and with the same comparison as the threshold histograms
 * (metrics/thresholdHistogram.ts), so the area at a threshold costs O(bins) and equals a direct
 * count of the pixels `isForeground` at that threshold.
 */
import { upsampleRows } from '../image/resample';
import { type Segmentation } from '../image/segmentation';
import { binOf, THRESHOLD_STEPS, thresholdIndex } from './thresholdHistogram';

/** Pixel counts per bin: index 0 for p below threshold 0, index k + 1 for bin k of `steps`. */
export interface AreaHistogram {
  readonly steps: number;
  readonly counts: Uint32Array;
}

/** Bins the probabilities of every pixel of the model's box (values in [0, 1], any order). */
export function buildAreaHistogram(probabilities: Float32Array, steps = THRESHOLD_STEPS): AreaHistogram {
  const counts = new Uint32Array(steps + 2);
  for (let i = 0; i < probabilities.length; i++) counts[binOf(probabilities[i], steps) + 1]++;
  return { steps, counts };
}

/** The same counts straight from a segmentation, one row of probabilities at a time (no image-sized array). */
export function areaHistogramOfSegmentation(segmentation: Segmentation, steps = THRESHOLD_STEPS): AreaHistogram {
  const counts = new Uint32Array(steps + 2);
  upsampleRows(segmentation.grid, segmentation.gridSize, segmentation.region, segmentation.box, (row) => {
    for (let i = 0; i < row.length; i++) counts[binOf(row[i], steps) + 1]++;
  });
  return { steps, counts };
}

/** Pixels predicted foreground at `threshold` (in [0, 1]). */
export function areaFromHistogram(histogram: AreaHistogram, threshold: number): number {
  let area = 0;
  for (let b = thresholdIndex(threshold, histogram.steps) + 1; b < histogram.counts.length; b++) area += histogram.counts[b];
  return area;
}
