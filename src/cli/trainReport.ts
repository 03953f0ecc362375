/**
 * Per-class validation figures for `npm run train`'s model card: Dice and HD95 of each foreground
 * class on each held-out pair at the model's resolution (label maps in, numbers out; no TF.js).
 */
import { type BinaryMask } from '../image/mask';
import { surfaceDistances } from '../metrics/surfaceDistance';

export interface ClassFigures {
  /** Mean Dice over the pairs (both empty counts as 1). */
  readonly dice: number;
  /** Mean HD95 in pixels of the model's grid over the pairs where both masks have the class; null if none. */
  readonly hd95: number | null;
  /** Pairs HD95 is undefined on (the class missing from the prediction or the truth). */
  readonly hd95Undefined: number;
}

function maskOf(labels: ArrayLike<number>, k: number, size: number): BinaryMask {
  const data = new Uint8Array(size * size);
  for (let i = 0; i < data.length; i++) data[i] = labels[i] === k ? 1 : 0;
  return { width: size, height: size, data };
}

/**
 * Figures per foreground class 1 … classes − 1 (binary: class 1) from predicted and true label
 * maps of `size`² pixels, pair by pair.
 */
export function classFigures(predicted: readonly ArrayLike<number>[], truth: readonly ArrayLike<number>[], size: number, classes: number): ClassFigures[] {
  const foreground = Math.max(1, classes - 1);
  return Array.from({ length: foreground }, (_, i) => {
    const k = i + 1;
    let dice = 0;
    let hdSum = 0;
    let hdCount = 0;
    predicted.forEach((p, j) => {
      const a = maskOf(p, k, size);
      const b = maskOf(truth[j], k, size);
      let inter = 0;
      let total = 0;
      for (let n = 0; n < a.data.length; n++) {
        inter += a.data[n] & b.data[n];
        total += a.data[n] + b.data[n];
      }
      dice += total === 0 ? 1 : (2 * inter) / total;
      const d = surfaceDistances(a, b);
      if (d) {
        hdSum += d.hd95;
        hdCount++;
      }
    });
    return { dice: dice / Math.max(1, predicted.length), hd95: hdCount > 0 ? hdSum / hdCount : null, hd95Undefined: predicted.length - hdCount };
  });
}
