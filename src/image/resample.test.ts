import { describe, expect, it } from 'vitest';
import { fitRegion, visibleBox } from './geometry';
import { resampleRegion, upsampleToBox } from './resample';

function plane(width: number, height: number, f: (x: number, y: number) => number): Float32Array {
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = f(x, y);
  return out;
}

describe('resampleRegion', () => {
  it('is the identity when the region is the image at the same size', () => {
    const src = plane(8, 8, (x, y) => (x * 8 + y) / 64);
    const out = resampleRegion(src, 8, 8, { x: 0, y: 0, size: 8 }, 8);
    for (let i = 0; i < 64; i++) expect(out[i]).toBeCloseTo(src[i], 6);
  });
  it('averages 2×2 blocks when halving (antialiased, not point sampled)', () => {
    // Alternating 1/0 columns: point sampling would give all 1s; a triangle filter of
    // support 2 gives exactly 0.5 away from the edges.
    const src = plane(16, 16, (x) => (x % 2 === 0 ? 1 : 0));
    const out = resampleRegion(src, 16, 16, { x: 0, y: 0, size: 16 }, 8);
    for (let y = 0; y < 8; y++) for (let x = 1; x < 7; x++) expect(out[y * 8 + x]).toBeCloseTo(0.5, 6);
  });
  it('letterbox: padding rows are black and the image band keeps its value', () => {
    // A white 8×4 image letterboxed to 8×8: rows 0–1 and 6–7 are padding.
    const src = plane(8, 4, () => 1);
    const region = fitRegion(8, 4);
    const out = resampleRegion(src, 8, 4, region, 8);
    expect(Array.from(out.slice(0, 16))).toEqual(new Array(16).fill(0));
    expect(Array.from(out.slice(16, 48))).toEqual(new Array(32).fill(1));
    expect(Array.from(out.slice(48))).toEqual(new Array(16).fill(0));
  });
  it('keeps a constant image constant at any reduction', () => {
    const src = plane(800, 540, () => 0.25);
    const out = resampleRegion(src, 800, 540, { x: 130, y: 0, size: 540 }, 256);
    for (const v of out) expect(v).toBeCloseTo(0.25, 5);
  });
});

describe('upsampleToBox', () => {
  it('reproduces a linear ramp exactly away from the edges', () => {
    const grid = plane(16, 16, (x) => x / 15);
    const region = { x: 0, y: 0, size: 64 };
    const box = visibleBox(region, 64, 64);
    const up = upsampleToBox(grid, 16, region, box);
    // Original pixel x has centre x + 0.5 → grid u = (x + 0.5) / 4 − 0.5.
    for (const x of [10, 31, 50]) expect(up[5 * 64 + x]).toBeCloseTo(((x + 0.5) / 4 - 0.5) / 15, 6);
  });
  it('only covers the visible box of a letterboxed image', () => {
    const region = fitRegion(8, 4);
    const box = visibleBox(region, 8, 4);
    const grid = plane(8, 8, (_x, y) => (y >= 2 && y < 6 ? 1 : 0));
    const up = upsampleToBox(grid, 8, region, box);
    expect(up.length).toBe(32);
    for (const v of up) expect(v).toBeCloseTo(1, 6);
  });
});
