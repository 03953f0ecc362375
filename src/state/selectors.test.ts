/** The Dice-curve selector: the same object for the same items (safe in a store selector), none for several classes, and its best figure is what the metrics show there. */
import { describe, expect, it } from 'vitest';
import { type ThresholdHistogram } from '../metrics/thresholdHistogram';
import { diceCurve, meanOverPairs } from './selectors';
import { type EngineReady, type ImageItem } from './types';

function histogram(fg: Record<number, number>, bg: Record<number, number>, steps = 1000): ThresholdHistogram {
  const foreground = new Uint32Array(steps + 2);
  const background = new Uint32Array(steps + 2);
  for (const [k, n] of Object.entries(fg)) foreground[Number(k) + 1] = n;
  for (const [k, n] of Object.entries(bg)) background[Number(k) + 1] = n;
  return { steps, foreground, background };
}

const item = (id: string, h: ThresholdHistogram | null) => ({ id, name: id, mask: h ? { histogram: h, error: null } : null }) as unknown as ImageItem;
const ready = (classes: number) => ({ model: { classes: Array.from({ length: classes }, (_, k) => ({ name: `c${k}`, color: '#000', value: k + 1 })) } }) as unknown as EngineReady;

describe('diceCurve', () => {
  const items = [item('a', histogram({ 700: 5, 300: 1 }, { 400: 3 })), item('b', histogram({ 650: 4 }, { 200: 2, 500: 1 })), item('c', null)];

  it('returns the same curve for the same items', () => {
    const state = { items, ready: ready(1) };
    const curve = diceCurve(state);
    expect(curve).not.toBeNull();
    expect(diceCurve({ items, ready: ready(1) })).toBe(curve);
    expect(diceCurve({ items: [...items], ready: ready(1) })).not.toBe(curve);
  });

  it('is null for a model of several classes and without pairs', () => {
    expect(diceCurve({ items, ready: ready(3) })).toBeNull();
    expect(diceCurve({ items: [item('c', null)], ready: null })).toBeNull();
  });

  it('gives at its best threshold the mean Dice the metrics panel shows there', () => {
    const curve = diceCurve({ items, ready: ready(1) });
    // a: best above 0.4 up to 0.7 (5 of 6 truth, no fp); b: above 0.5 up to 0.65 → best region 0.51–0.65.
    expect(curve?.best.threshold).toBe(0.51);
    const shown = meanOverPairs({ items, threshold: curve?.best.threshold ?? 0 }).scores?.dice;
    expect(curve?.best.dice).toBe(shown);
    expect(curve?.best.dice).toBeCloseTo((10 / 11 + 1) / 2, 12);
  });
});
