import { describe, expect, it } from 'vitest';
import { binaryEntropy, uncertainty } from './uncertainty';

describe('uncertainty', () => {
  it('counts the middle band [0.1, 0.9] with both ends included', () => {
    const u = uncertainty(Float32Array.from([0, 0.05, 0.1, 0.5, 0.9, 0.95, 1, 0.3]));
    // 0.1, 0.5, 0.9 and 0.3 (float32 0.1 and 0.9 round just above and below, still inside).
    expect(u?.uncertainShare).toBe(4 / 8);
    expect(u?.pixels).toBe(8);
  });

  it('is 0 for a decided map and maximal entropy at 0.5', () => {
    expect(uncertainty([0, 1, 0, 1])).toEqual({ uncertainShare: 0, meanEntropy: 0, pixels: 4 });
    expect(uncertainty([0.5, 0.5])?.meanEntropy).toBe(1);
    expect(binaryEntropy(0.25)).toBeCloseTo(0.811278, 6);
    expect(uncertainty([0.25, 0.75, 0, 1])?.meanEntropy).toBeCloseTo(0.811278 / 2, 6);
  });

  it('has no score without pixels', () => {
    expect(uncertainty([])).toBeNull();
  });
});
