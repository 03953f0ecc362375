/**
 * Mean Dice over pairs against the threshold, from each pair's threshold histogram
 * (metrics/thresholdHistogram.ts), so the whole curve costs O(points × bins) per pair and never a
 * pass over pixels. Each point is exactly the mean Dice the metrics panel shows at that threshold
 * (per-pair Dice, then averaged), so choosing the best threshold makes the panel read the curve's
 * figure. For binary models only: a softmax's argmax has no threshold.
 */
import { confusionFromHistogram, type ThresholdHistogram } from './thresholdHistogram';
import { scoresFromConfusion } from './scores';

/** Thresholds of the curve by default: 0, 0.01, …, 1. */
export const CURVE_POINTS = 101;

export interface DiceCurve {
  /** Thresholds in [0, 1], ascending, evenly spaced (`points` of them). */
  readonly thresholds: readonly number[];
  /** Mean Dice over the pairs at each threshold, in [0, 1]; same length as `thresholds`. */
  readonly dice: readonly number[];
  /** The highest mean Dice and its threshold; on a tie, the lowest such threshold. */
  readonly best: { readonly threshold: number; readonly dice: number };
  /** Pairs averaged. */
  readonly count: number;
}

/**
 * Mean Dice over `histograms` (one per pair) at `points` evenly spaced thresholds from 0 to 1;
 * null when there are no histograms.
 */
export function meanDiceCurve(histograms: readonly ThresholdHistogram[], points = CURVE_POINTS): DiceCurve | null {
  if (histograms.length === 0 || points < 2) return null;
  const thresholds = Array.from({ length: points }, (_, i) => i / (points - 1));
  const dice = thresholds.map((t) => histograms.reduce((sum, h) => sum + scoresFromConfusion(confusionFromHistogram(h, t)).dice, 0) / histograms.length);
  let best = 0;
  for (let i = 1; i < points; i++) if (dice[i] > dice[best]) best = i;
  return { thresholds, dice, best: { threshold: thresholds[best], dice: dice[best] }, count: histograms.length };
}
