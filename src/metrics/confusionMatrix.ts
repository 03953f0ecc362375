/**
 * The confusion matrix of a multi-class prediction against its ground truth: counts of pixels by
 * (true class, predicted class), classes 0…C−1 with 0 = background. Every per-class score
 * (one-vs-rest Dice, IoU, precision, recall) and the all-pairs totals come from these counts.
 */
import { type LabelMap } from '../image/labelMap';
import { type Confusion, meanScores, type Scores, scoresFromConfusion } from './scores';

/**
 * Counts over two label maps of one size; `classes` = C including background.
 * @returns Row-major C × C: [t · C + p] = pixels of true class t predicted as p.
 * @throws Error when the sizes differ or a label is ≥ C.
 */
export function confusionMatrix(truth: LabelMap, predicted: LabelMap, classes: number): Uint32Array {
  if (truth.width !== predicted.width || truth.height !== predicted.height) {
    throw new Error(`ground truth is ${truth.width}×${truth.height} but the prediction is ${predicted.width}×${predicted.height}`);
  }
  const m = new Uint32Array(classes * classes);
  const t = truth.data;
  const p = predicted.data;
  for (let i = 0; i < t.length; i++) {
    if (t[i] >= classes || p[i] >= classes) throw new Error(`label ${Math.max(t[i], p[i])} is outside the ${classes} classes`);
    m[t[i] * classes + p[i]]++;
  }
  return m;
}

/** Class k against all others (one-vs-rest), as the binary counts scores.ts scores. */
export function classConfusion(matrix: Uint32Array, classes: number, k: number): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let total = 0;
  for (let t = 0; t < classes; t++) {
    for (let p = 0; p < classes; p++) {
      const n = matrix[t * classes + p];
      total += n;
      if (t === k && p === k) tp += n;
      else if (p === k) fp += n;
      else if (t === k) fn += n;
    }
  }
  return { tp, fp, fn, tn: total - tp - fp - fn };
}

/** Element-wise sum of matrices of the same size (the all-pairs matrix). */
export function sumMatrices(matrices: readonly Uint32Array[]): Uint32Array | null {
  if (matrices.length === 0) return null;
  const out = new Uint32Array(matrices[0].length);
  for (const m of matrices) for (let i = 0; i < out.length; i++) out[i] += m[i];
  return out;
}

/**
 * Scores of each foreground class (index k − 1 for class k) from one image's matrix; null for a
 * class absent from both the truth and the prediction — nothing to score, so it is left out of
 * means rather than counted as a perfect 1 (MONAI's `ignore_empty` convention).
 */
export function classScores(matrix: Uint32Array, classes: number): (Scores | null)[] {
  const out: (Scores | null)[] = [];
  for (let k = 1; k < classes; k++) {
    const c = classConfusion(matrix, classes, k);
    out.push(c.tp + c.fp + c.fn === 0 ? null : scoresFromConfusion(c));
  }
  return out;
}

/**
 * Per-class means over images (each class over the images where it is scored), and their mean
 * over the foreground classes that were scored anywhere — the headline multi-class Dice.
 */
export function meanClassScores(perImage: readonly (readonly (Scores | null)[])[], foreground: number): { perClass: (Scores | null)[]; mean: Scores | null } {
  const perClass = Array.from({ length: foreground }, (_, k) => meanScores(perImage.map((s) => s[k]).filter((s): s is Scores => s !== null && s !== undefined)));
  return { perClass, mean: meanScores(perClass.filter((s): s is Scores => s !== null)) };
}
