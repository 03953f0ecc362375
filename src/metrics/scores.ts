/**
 * Overlap scores from confusion counts. Conventions for empty masks (documented in the README):
 * when a score's denominator is 0 there was nothing to get wrong on that side, so it is 1 if the
 * other kind of error is also absent and 0 otherwise. Thus two empty masks score 1 everywhere,
 * and an empty prediction against a non-empty truth scores Dice 0, IoU 0, precision 0, recall 0.
 */

export interface Confusion {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
}

export interface Scores {
  readonly dice: number;
  readonly iou: number;
  readonly precision: number;
  readonly recall: number;
}

function ratio(numerator: number, denominator: number, otherErrors: number): number {
  if (denominator === 0) return otherErrors === 0 ? 1 : 0;
  return numerator / denominator;
}

export function scoresFromConfusion({ tp, fp, fn }: Confusion): Scores {
  const errors = fp + fn;
  return {
    dice: ratio(2 * tp, 2 * tp + errors, errors),
    iou: ratio(tp, tp + errors, errors),
    precision: ratio(tp, tp + fp, fn),
    recall: ratio(tp, tp + fn, fp),
  };
}

/** Mean of each score over several pairs (per-pair scores, then averaged, as HC18 reports). */
export function meanScores(all: readonly Scores[]): Scores | null {
  if (all.length === 0) return null;
  const sum = { dice: 0, iou: 0, precision: 0, recall: 0 };
  for (const s of all) {
    sum.dice += s.dice;
    sum.iou += s.iou;
    sum.precision += s.precision;
    sum.recall += s.recall;
  }
  const n = all.length;
  return { dice: sum.dice / n, iou: sum.iou / n, precision: sum.precision / n, recall: sum.recall / n };
}
