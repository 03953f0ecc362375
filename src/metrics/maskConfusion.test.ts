import { describe, expect, it } from 'vitest';
import { maskConfusion } from './maskConfusion';
import { scoresFromConfusion } from './scores';

const mask = (bits: number[]) => ({ width: bits.length, height: 1, data: Uint8Array.from(bits) });

describe('maskConfusion', () => {
  it('counts agreement over the whole image', () => {
    const c = maskConfusion(mask([1, 1, 0, 0, 1]), mask([1, 0, 1, 0, 1]));
    expect(c).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
    expect(scoresFromConfusion(c).dice).toBe(4 / 6);
  });
  it('gives Dice 1 for two empty masks and refuses different sizes', () => {
    expect(scoresFromConfusion(maskConfusion(mask([0, 0]), mask([0, 0]))).dice).toBe(1);
    expect(() => maskConfusion(mask([0]), mask([0, 0]))).toThrow(/differ in size/);
  });
});
