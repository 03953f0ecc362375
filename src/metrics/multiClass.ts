/**
 * Multi-class scores from two label maps (image/labelMap.ts): a C × C confusion matrix (C classes
 * counting background as class 0; rows = ground truth, columns = prediction), per-class overlap
 * scores one-vs-rest from it, their mean over the foreground classes, and per-class HD95/ASSD.
 *
 * Conventions (beside the binary ones of scores.ts):
 * - A class's scores are those of scores.ts on its one-vs-rest counts (tp = C[k][k], fp = column k
 *   minus tp, fn = row k minus tp), so a class present on one side only scores Dice, IoU,
 *   precision and recall 0.
 * - A class absent from both truth and prediction has no scores (`presence: 'neither'`, scores
 *   null) and is left out of every mean: scores.ts's "two empty masks score 1" would otherwise
 *   reward every class an image does not show (the "NaN, excluded" rule of MONAI's DiceMetric
 *   with `ignore_empty=True`, the default).
 * - The mean is over foreground classes only (never background, which dominates every image).
 * - Boundary distances follow MONAI's `compute_hausdorff_distance` / `compute_average_surface_distance`
 *   per class: a class on one side only gives +Infinity (MONAI's inf), on neither side NaN
 *   (reported as null here, and excluded from means as MONAI's nan-mean does; +Infinity is kept,
 *   so a mean with one such image is +Infinity, as in MONAI).
 */
import { classMask, type LabelMap } from '../image/labelMap';
import { type BinaryMask } from '../image/mask';
import { type ClassInfo } from '../model/classes';
import { type Confusion, meanScores, type Scores, scoresFromConfusion } from './scores';
import { type Spacing, type SurfaceDistances, surfaceDistances } from './surfaceDistance';

/** Pixel counts by (truth, prediction) class: `counts[truth * classes + prediction]`. */
export interface ConfusionMatrix {
  /** C: the number of classes, background (0) included. */
  readonly classes: number;
  /** C × C counts, row-major, rows = ground truth, columns = prediction. */
  readonly counts: Float64Array;
}

/** Where a class occurs in one pair. */
export type Presence = 'both' | 'truth' | 'prediction' | 'neither';

export interface ClassScores {
  /** The class index k (1 … C − 1). */
  readonly classIndex: number;
  readonly presence: Presence;
  /** One-vs-rest scores; null when the class is in neither map. */
  readonly scores: Scores | null;
}

export interface ClassSurface {
  readonly classIndex: number;
  /** HD95/ASSD in pixels: +Infinity when the class is on one side only, null on neither side. */
  readonly px: SurfaceDistances | null;
  /** The same with the pixel spacing (mm), or null without a spacing. */
  readonly mm: SurfaceDistances | null;
}

/**
 * The confusion matrix of a prediction against ground truth.
 * @param classes C, background included (the class table's length + 1).
 * @throws Error when the maps differ in size or hold a class index ≥ C.
 */
export function confusionMatrix(truth: LabelMap, prediction: LabelMap, classes: number): ConfusionMatrix {
  if (truth.width !== prediction.width || truth.height !== prediction.height) {
    throw new Error(`a confusion matrix needs label maps of one size: ${truth.width}×${truth.height} and ${prediction.width}×${prediction.height}`);
  }
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`a confusion matrix needs at least 2 classes (background and one), not ${classes}`);
  const counts = new Float64Array(classes * classes);
  const t = truth.data;
  const p = prediction.data;
  for (let i = 0; i < t.length; i++) {
    if (t[i] >= classes || p[i] >= classes) {
      throw new Error(`pixel ${i} has class ${Math.max(t[i], p[i])}, beyond the ${classes - 1} foreground classes`);
    }
    counts[t[i] * classes + p[i]]++;
  }
  return { classes, counts };
}

/**
 * The element-wise sum of matrices over many images (pooled counts).
 * @throws Error when the list is empty or the matrices differ in class count.
 */
export function sumConfusionMatrices(matrices: readonly ConfusionMatrix[]): ConfusionMatrix {
  if (matrices.length === 0) throw new Error('no confusion matrices to sum');
  const classes = matrices[0].classes;
  const counts = new Float64Array(classes * classes);
  for (const m of matrices) {
    if (m.classes !== classes) throw new Error(`cannot sum confusion matrices of ${classes} and ${m.classes} classes`);
    for (let i = 0; i < counts.length; i++) counts[i] += m.counts[i];
  }
  return { classes, counts };
}

/** Class k against all others (one-vs-rest) as binary confusion counts. */
export function classConfusion(matrix: ConfusionMatrix, k: number): Confusion {
  const { classes, counts } = matrix;
  let row = 0;
  let column = 0;
  let total = 0;
  for (let j = 0; j < classes; j++) {
    row += counts[k * classes + j];
    column += counts[j * classes + k];
  }
  for (let i = 0; i < counts.length; i++) total += counts[i];
  const tp = counts[k * classes + k];
  const fn = row - tp;
  const fp = column - tp;
  return { tp, fp, fn, tn: total - tp - fp - fn };
}

/**
 * A hint for a pair whose ground truth holds only the class of value 1 while the model has several
 * foreground classes and predicted another of them: a binary 0/1 mask reads exactly so, as that
 * class alone, and the other classes then score as false positives (Dice 0), which looks like a bad
 * model rather than a mismatched mask. Worded to stay true when the mask really holds one class.
 * @param matrix the pair's confusion matrix (C = classes.length + 1)
 * @param classes the model's class table, class k = classes[k − 1]
 * @returns one line, or null when there is nothing to say
 */
export function binaryMaskHint(matrix: ConfusionMatrix, classes: readonly ClassInfo[]): string | null {
  // Where each foreground class 1 … C − 1 occurs (index k − 1), counted once.
  const presence = Array.from({ length: matrix.classes - 1 }, (_, i) => presenceOf(classConfusion(matrix, i + 1)));
  const predicted = (k: number) => presence[k - 1] === 'both' || presence[k - 1] === 'prediction';
  const truth = presence.flatMap((p, i) => (p === 'both' || p === 'truth' ? [i + 1] : []));
  if (classes.length < 2 || truth.length !== 1 || classes[truth[0] - 1]?.value !== 1) return null;
  const only = classes[truth[0] - 1];
  const found = classes.filter((c, i) => c !== only && predicted(i + 1)).map((c) => c.name);
  if (found.length === 0) return null;
  return (
    `the mask holds only value 1 (${only.name}); the model also found ${found.join(', ')}, absent from the mask, so ${found.length === 1 ? 'it counts as a false positive' : 'they count as false positives'}. ` +
    `If this is a binary mask of any foreground, score it with a one-class model`
  );
}

/** Where class k occurs, from its one-vs-rest counts. */
export function presenceOf({ tp, fp, fn }: Confusion): Presence {
  const inTruth = tp + fn > 0;
  const inPrediction = tp + fp > 0;
  if (inTruth && inPrediction) return 'both';
  if (inTruth) return 'truth';
  return inPrediction ? 'prediction' : 'neither';
}

/** Dice, IoU, precision and recall of each foreground class 1 … C − 1 (see the module comment). */
export function classScores(matrix: ConfusionMatrix): ClassScores[] {
  return Array.from({ length: matrix.classes - 1 }, (_, i) => {
    const confusion = classConfusion(matrix, i + 1);
    const presence = presenceOf(confusion);
    return { classIndex: i + 1, presence, scores: presence === 'neither' ? null : scoresFromConfusion(confusion) };
  });
}

/** Mean of the scores over the foreground classes that have them (present on either side); null when none has. */
export function meanClassScores(perClass: readonly ClassScores[]): Scores | null {
  return meanScores(perClass.flatMap((c) => (c.scores ? [c.scores] : [])));
}

/**
 * Mean of each class's scores over images (per-image scores averaged, as scores.ts's meanScores),
 * leaving out the images where the class is in neither map; index k − 1 is class k, null where no
 * image has the class.
 * @throws Error when the images have different numbers of classes.
 */
export function meanScoresPerClass(images: readonly (readonly ClassScores[])[]): (Scores | null)[] {
  const count = images[0]?.length ?? 0;
  if (images.some((s) => s.length !== count)) throw new Error('images scored with different numbers of classes');
  return Array.from({ length: count }, (_, i) => meanScores(images.flatMap((s) => (s[i].scores ? [s[i].scores] : []))));
}

const INFINITE: SurfaceDistances = { hd95: Infinity, assd: Infinity };

const maskOf = (map: LabelMap, k: number): BinaryMask => ({ width: map.width, height: map.height, data: classMask(map, k) });

/**
 * HD95 and ASSD of every foreground class 1 … C − 1 on its own mask (surfaceDistance.ts), in
 * pixels and, with `spacing` (mm per column `x` and per row `y`), in mm. MONAI's rules for absent
 * classes: on one side only +Infinity, on neither side null (MONAI's NaN).
 * @throws Error when the maps differ in size.
 */
export function classSurfaceDistances(truth: LabelMap, prediction: LabelMap, classes: number, spacing: Spacing | null = null): ClassSurface[] {
  if (truth.width !== prediction.width || truth.height !== prediction.height) {
    throw new Error(`surface distances need label maps of one size: ${truth.width}×${truth.height} and ${prediction.width}×${prediction.height}`);
  }
  return Array.from({ length: classes - 1 }, (_, i) => {
    const k = i + 1;
    const t = maskOf(truth, k);
    const p = maskOf(prediction, k);
    const inTruth = t.data.includes(1);
    const inPrediction = p.data.includes(1);
    if (!inTruth && !inPrediction) return { classIndex: k, px: null, mm: null };
    if (!inTruth || !inPrediction) return { classIndex: k, px: INFINITE, mm: spacing ? INFINITE : null };
    return { classIndex: k, px: surfaceDistances(p, t), mm: spacing ? surfaceDistances(p, t, spacing) : null };
  });
}
