import { describe, expect, it } from 'vitest';
import { countTicks, formatTick, niceScale } from './chartScale';

describe('niceScale', () => {
  it('zooms to the data (a loss of 0.05–0.074 is not drawn on 0–1) with round steps', () => {
    const s = niceScale(0.05, 0.074);
    expect(s.lo).toBeCloseTo(0.05, 9);
    expect(s.hi).toBeGreaterThanOrEqual(0.074);
    expect(s.hi).toBeLessThan(0.09);
    expect(s.ticks.map((t) => formatTick(t, s.decimals))).toEqual(['0.05', '0.06', '0.07', '0.08']);
  });
  it('keeps the leading zero and enough decimals for Dice near 1', () => {
    const s = niceScale(0.971, 0.985);
    expect(s.ticks.every((t) => t >= 0.96 && t <= 0.99)).toBe(true);
    expect(formatTick(s.ticks[0], s.decimals)).toMatch(/^0\.9\d\d$/);
  });
  it('keeps a bounded quantity inside its bounds (a Dice of 0 throughout)', () => {
    const s = niceScale(0, 0, 4, [0, 1]);
    expect(s.lo).toBe(0);
    expect(s.ticks[0]).toBe(0);
    expect(s.hi).toBeGreaterThan(0);
  });
  it('gives a flat series a band around its value', () => {
    const s = niceScale(0.5, 0.5);
    expect(s.lo).toBeLessThan(0.5);
    expect(s.hi).toBeGreaterThan(0.5);
  });
});

describe('countTicks', () => {
  it('labels whole batches from 1 to the last', () => {
    expect(countTicks(1)).toEqual([1]);
    expect(countTicks(4)).toEqual([1, 2, 3, 4]);
    const many = countTicks(200);
    expect(many[0]).toBe(1);
    expect(many.at(-1)).toBe(200);
    expect(many.length).toBeLessThanOrEqual(7);
  });
});
