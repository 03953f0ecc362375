import { describe, expect, it } from 'vitest';
import { type BinaryMask } from '../image/mask';
import { squaredDistanceTransform, surfaceDistances, surfacePixels } from './surfaceDistance';

function mask(width: number, height: number, inside: (x: number, y: number) => boolean): BinaryMask {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = inside(x, y) ? 1 : 0;
  return { width, height, data };
}

/** The definitions by brute force: every surface pixel against every other. */
function bruteForce(a: BinaryMask, b: BinaryMask, sx = 1, sy = 1) {
  const pa = surfacePixels(a);
  const pb = surfacePixels(b);
  const nearest = (from: Int32Array, to: Int32Array) =>
    Array.from(from, (i) => Math.min(...Array.from(to, (j) => Math.hypot(((i % a.width) - (j % a.width)) * sx, (Math.floor(i / a.width) - Math.floor(j / a.width)) * sy)))).sort((x, y) => x - y);
  const p95 = (v: number[]) => {
    const at = 0.95 * (v.length - 1);
    const lo = Math.floor(at);
    return v[lo] + (v[Math.min(v.length - 1, lo + 1)] - v[lo]) * (at - lo);
  };
  const ab = nearest(pa, pb);
  const ba = nearest(pb, pa);
  return { hd95: Math.max(p95(ab), p95(ba)), assd: (ab.reduce((s, x) => s + x, 0) + ba.reduce((s, x) => s + x, 0)) / (ab.length + ba.length) };
}

describe('surface distances (HD95, ASSD)', () => {
  it('are 0 for identical masks and undefined when either is empty', () => {
    const disc = mask(20, 20, (x, y) => (x - 10) ** 2 + (y - 10) ** 2 < 36);
    expect(surfaceDistances(disc, disc)).toEqual({ hd95: 0, assd: 0 });
    const empty = mask(20, 20, () => false);
    expect(surfaceDistances(disc, empty)).toBeNull();
    expect(surfaceDistances(empty, disc)).toBeNull();
    expect(surfaceDistances(empty, empty)).toBeNull();
  });

  it('gives the exact distance between two single pixels, with anisotropic spacing', () => {
    const a = mask(10, 10, (x, y) => x === 0 && y === 0);
    const b = mask(10, 10, (x, y) => x === 3 && y === 4);
    expect(surfaceDistances(a, b)).toEqual({ hd95: 5, assd: 5 });
    const d = Math.hypot(3 * 0.5, 4 * 2);
    const r = surfaceDistances(a, b, { x: 0.5, y: 2 });
    expect(r?.hd95).toBeCloseTo(d, 12);
    expect(r?.assd).toBeCloseTo(d, 12);
  });

  it('two 4×4 squares 3 px apart: surfaces 12 pixels each, hand-counted distances', () => {
    const a = mask(12, 8, (x, y) => x >= 2 && x < 6 && y >= 2 && y < 6);
    const b = mask(12, 8, (x, y) => x >= 5 && x < 9 && y >= 2 && y < 6);
    expect(surfacePixels(a)).toHaveLength(12);
    // A's column x=5 lies on B's left edge (distance 0, 4 px); x=4 (2 px, top and bottom) is 1 away
    // on B's top/bottom row; x=3 (2 px) 2 away; x=2 (4 px) 3 away. Symmetric for B.
    // d(A→B) = [0,0,0,0,1,1,2,2,3,3,3,3] and the same for B→A: ASSD = 18/12 = 1.5, P95 = 3.
    expect(surfaceDistances(a, b)).toEqual({ hd95: 3, assd: 1.5 });
  });

  it('agrees with the brute-force definition on random shapes and spacings', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let t = 0; t < 20; t++) {
      const w = 8 + Math.floor(rand() * 20);
      const h = 8 + Math.floor(rand() * 20);
      const blob = () => {
        const cx = rand() * w;
        const cy = rand() * h;
        const r = 2 + rand() * 6;
        return mask(w, h, (x, y) => (x - cx) ** 2 + ((y - cy) * 1.3) ** 2 < r * r || rand() < 0.05);
      };
      const a = blob();
      const b = blob();
      const sx = 0.2 + rand();
      const sy = 0.2 + rand();
      const got = surfaceDistances(a, b, { x: sx, y: sy });
      const want = surfacePixels(a).length && surfacePixels(b).length ? bruteForce(a, b, sx, sy) : null;
      if (!want) expect(got).toBeNull();
      else {
        expect(got?.hd95).toBeCloseTo(want.hd95, 9);
        expect(got?.assd).toBeCloseTo(want.assd, 9);
      }
    }
  });

  it('the distance transform is exact against brute force', () => {
    const sites = Int32Array.of(0, 37, 99);
    const grid = squaredDistanceTransform(10, 10, sites, { x: 1, y: 1 });
    for (let i = 0; i < 100; i++) {
      const want = Math.min(...Array.from(sites, (j) => ((i % 10) - (j % 10)) ** 2 + (Math.floor(i / 10) - Math.floor(j / 10)) ** 2));
      expect(grid[i]).toBe(want);
    }
  });

  it('refuses masks of different sizes', () => {
    expect(() => surfaceDistances(mask(4, 4, () => true), mask(5, 4, () => true))).toThrow('surface distances need masks of one size: 4×4 and 5×4');
  });
});
