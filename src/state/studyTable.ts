/**
 * The per-image table of a study (binary models): each image's Dice, IoU, precision, recall at the
 * threshold and its predicted area in pixels, sortable by any column. Images without ground truth
 * have an area only. Pure functions of the items; the UI computes them outside its store selectors.
 */
import { areaFromHistogram, type AreaHistogram, areaHistogramOfSegmentation } from '../metrics/areaHistogram';
import { type Scores } from '../metrics/scores';
import { confusionFromHistogram } from '../metrics/thresholdHistogram';
import { type Segmentation } from '../image/segmentation';
import { itemScores } from './selectors';
import { type ImageItem } from './types';

export const STUDY_COLUMNS = ['name', 'dice', 'iou', 'precision', 'recall', 'area'] as const;
export type StudyColumn = (typeof STUDY_COLUMNS)[number];
export const STUDY_COLUMN_LABELS: Readonly<Record<StudyColumn, string>> = {
  name: 'Image',
  dice: 'Dice',
  iou: 'IoU',
  precision: 'Precision',
  recall: 'Recall',
  area: 'Area (px)',
};

export type SortDirection = 'ascending' | 'descending';

export interface StudyRow {
  readonly id: string;
  readonly name: string;
  /** Against the ground truth at the threshold; null without a scored mask. */
  readonly scores: Scores | null;
  /** Predicted foreground pixels at the threshold (0 outside the region the model saw); null before the model ran. */
  readonly areaPx: number | null;
}

/** Area histograms of images without ground truth, by segmentation (made once per result). */
const areas = new WeakMap<Segmentation, AreaHistogram>();

/**
 * Predicted foreground pixels of an item at the threshold, from its histograms (O(bins) per
 * threshold, never a pass over the image's pixels); null before the model ran.
 */
export function predictedArea(item: ImageItem, threshold: number): number | null {
  const histogram = item.mask?.histogram;
  if (histogram) {
    const c = confusionFromHistogram(histogram, threshold);
    return c.tp + c.fp;
  }
  const segmentation = item.segmentation;
  if (!segmentation || item.status === 'error') return null;
  let binned = areas.get(segmentation);
  if (!binned) {
    binned = areaHistogramOfSegmentation(segmentation);
    areas.set(segmentation, binned);
  }
  return areaFromHistogram(binned, threshold);
}

/** One row per item, in the items' order. */
export function studyRows(items: readonly ImageItem[], threshold: number): StudyRow[] {
  return items.map((item) => ({ id: item.id, name: item.name, scores: itemScores(item, threshold), areaPx: predictedArea(item, threshold) }));
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function value(row: StudyRow, column: Exclude<StudyColumn, 'name'>): number | null {
  return column === 'area' ? row.areaPx : (row.scores?.[column] ?? null);
}

/**
 * The rows sorted by `column` in `direction`; rows without a value in that column (no ground
 * truth, not yet run) always go last; ties by name (numbers in names by value).
 */
export function sortStudyRows(rows: readonly StudyRow[], column: StudyColumn, direction: SortDirection): StudyRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (column === 'name') return sign * byName.compare(a.name, b.name);
    const va = value(a, column);
    const vb = value(b, column);
    if (va === null || vb === null) return va === vb ? byName.compare(a.name, b.name) : va === null ? 1 : -1;
    return sign * (va - vb) || byName.compare(a.name, b.name);
  });
}
