/** The Dice-against-threshold curve on hand-made histograms, checked against values worked out by hand. */
import { describe, expect, it } from 'vitest';
import { meanDiceCurve } from './diceCurve';
import { type ThresholdHistogram } from './thresholdHistogram';

/**
 * A histogram of `steps` bins (plus the bin below 0 at index 0): `fg` and `bg` map a probability
 * bin k (pixels with k/steps <= p < (k+1)/steps) to a pixel count.
 */
function histogram(steps: number, fg: Record<number, number>, bg: Record<number, number>): ThresholdHistogram {
  const foreground = new Uint32Array(steps + 2);
  const background = new Uint32Array(steps + 2);
  for (const [k, n] of Object.entries(fg)) foreground[Number(k) + 1] = n;
  for (const [k, n] of Object.entries(bg)) background[Number(k) + 1] = n;
  return { steps, foreground, background };
}

describe('meanDiceCurve', () => {
  it('is null without pairs', () => {
    expect(meanDiceCurve([])).toBeNull();
  });

  it('gives the exact mean Dice at each threshold and the best one', () => {
    // Pair A (steps 10): 4 truth pixels at p=0.8, 2 background pixels at p=0.3.
    //   t ≤ 0.3: tp 4, fp 2 → Dice 8/10 = 0.8; 0.3 < t ≤ 0.8: tp 4 → 1; t > 0.8: tp 0, fn 4 → 0.
    const a = histogram(10, { 8: 4 }, { 3: 2 });
    // Pair B: 2 truth pixels at p=0.5, 2 at p=0.9, 4 background at p=0.6.
    //   t ≤ 0.5: tp 4, fp 4 → 8/12; 0.5 < t ≤ 0.6: tp 2, fn 2, fp 4 → 4/10; 0.6 < t ≤ 0.9: tp 2, fn 2 → 4/6; t > 0.9 → 0.
    const b = histogram(10, { 5: 2, 9: 2 }, { 6: 4 });
    const curve = meanDiceCurve([a, b], 11);
    expect(curve?.thresholds).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    const expected = [0.8, 0.8, 0.8, 0.8, 1, 1, 1, 1, 1, 0, 0].map((d, i) => (d + [8 / 12, 8 / 12, 8 / 12, 8 / 12, 8 / 12, 8 / 12, 4 / 10, 4 / 6, 4 / 6, 4 / 6, 0][i]) / 2);
    curve?.dice.forEach((d, i) => expect(d).toBeCloseTo(expected[i], 12));
    // The highest is 5/6, at t = 0.4 and 0.5 (1 and 8/12) and at 0.7 and 0.8 (1 and 4/6): the lowest is chosen.
    expect(curve?.best.threshold).toBe(0.4);
    expect(curve?.best.dice).toBeCloseTo(5 / 6, 12);
    expect(curve?.count).toBe(2);
  });

  it('samples a 1000-bin histogram at 101 thresholds', () => {
    const h = histogram(1000, { 430: 10 }, { 420: 10 });
    const curve = meanDiceCurve([h]);
    expect(curve?.thresholds).toHaveLength(101);
    // Below 0.42: tp 10, fp 10 → 2/3; 0.43: only the truth pixels → 1; above 0.43 → 0.
    expect(curve?.dice[42]).toBeCloseTo(2 / 3, 12);
    expect(curve?.dice[43]).toBe(1);
    expect(curve?.dice[44]).toBe(0);
    expect(curve?.best).toEqual({ threshold: 0.43, dice: 1 });
  });
});
