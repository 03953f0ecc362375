import { describe, expect, it } from 'vitest';
import { areaMm2, countSet, rulerLength } from './ruler';

describe('ruler', () => {
  it('measures a 3-4-5 triangle in px and in mm, with non-square pixels', () => {
    expect(rulerLength({ x: 1, y: 1 }, { x: 4, y: 5 }, null)).toEqual({ px: 5, mm: null });
    // Rows 0.5 mm apart, columns 0.25 mm: Δx 3 px = 0.75 mm, Δy 4 px = 2 mm.
    const { mm } = rulerLength({ x: 1, y: 1 }, { x: 4, y: 5 }, [0.5, 0.25]);
    expect(mm).toBeCloseTo(Math.hypot(0.75, 2), 12);
  });

  it('gives areas in mm² from the spacing, and counts set pixels', () => {
    expect(areaMm2(100, [0.5, 0.25])).toBe(12.5);
    expect(areaMm2(100, null)).toBeNull();
    expect(countSet(Uint8Array.from([0, 1, 255, 0, 2]))).toBe(3);
  });
});
