import { describe, expect, it } from 'vitest';
import { angleOfProgression, principalAxisEnds } from './angleOfProgression';

/** A W×H label map with a thin symphysis segment from (x0, y0) to (x1, y1) (class 1) and a head disc (class 2). */
function scene(w: number, h: number, ps: [number, number, number, number], head: { cx: number; cy: number; r: number }): { width: number; height: number; data: Uint8Array } {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if ((x + 0.5 - head.cx) ** 2 + (y + 0.5 - head.cy) ** 2 <= head.r ** 2) data[y * w + x] = 2;
    }
  }
  const [x0, y0, x1, y1] = ps;
  const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0) * 2);
  for (let s = 0; s <= steps; s++) {
    const x = Math.floor(x0 + ((x1 - x0) * s) / steps);
    const y = Math.floor(y0 + ((y1 - y0) * s) / steps);
    data[y * w + x] = 1;
    data[y * w + x + 1] = 1; // two pixels thick, still a clear long axis
  }
  return { width: w, height: h, data };
}

/** The angle at I between S and the tangent from I to a circle, on the side away from S: the exact AoP. */
function exactAop(s: [number, number], i: [number, number], c: [number, number], r: number): number {
  const toS = Math.atan2(s[1] - i[1], s[0] - i[0]);
  const toC = Math.atan2(c[1] - i[1], c[0] - i[0]);
  const half = Math.asin(r / Math.hypot(c[0] - i[0], c[1] - i[1]));
  let d = Math.abs(toC - toS);
  if (d > Math.PI) d = 2 * Math.PI - d;
  return ((d + half) * 180) / Math.PI;
}

describe('angleOfProgression', () => {
  it('finds the long axis ends of a thin diagonal region', () => {
    const { data, width } = scene(60, 60, [10, 10, 40, 25], { cx: 200, cy: 200, r: 1 });
    const ends = principalAxisEnds(Uint8Array.from(data, (v) => (v === 1 ? 1 : 0)), width);
    expect(ends).not.toBeNull();
    const [a, b] = ends as [{ x: number; y: number }, { x: number; y: number }];
    expect(Math.hypot(a.x - 10.5, a.y - 10.5)).toBeLessThan(1.6);
    expect(Math.hypot(b.x - 41, b.y - 25.5)).toBeLessThan(1.6);
  });

  it.each([
    ['high head', { cx: 150, cy: 80, r: 40 }],
    ['descended head', { cx: 150, cy: 170, r: 40 }],
    ['deep head', { cx: 180, cy: 150, r: 35 }],
  ])('matches the exact tangent angle within 1.5° (%s)', (_, head) => {
    // Symphysis from S (40, 40) down-right to I (70, 100): the inferior end is the one nearer the head.
    const labels = scene(256, 256, [40, 40, 70, 100], head);
    const aop = angleOfProgression(labels, 1, 2);
    expect(aop).not.toBeNull();
    const want = exactAop([40.5, 40.5], [71, 100.5], [head.cx, head.cy], head.r);
    expect(Math.abs((aop?.degrees ?? 0) - want)).toBeLessThan(1.5);
    expect(aop?.inferior.y).toBeGreaterThan(aop?.superior.y ?? Infinity);
  });

  it('grows as the head descends', () => {
    const at = (cy: number) => angleOfProgression(scene(256, 256, [40, 40, 70, 100], { cx: 150, cy, r: 40 }), 1, 2)?.degrees ?? 0;
    expect(at(80)).toBeLessThan(at(140));
    expect(at(140)).toBeLessThan(at(190));
  });

  it('is null without either class', () => {
    const onlyHead = scene(64, 64, [0, 0, 0, 0], { cx: 30, cy: 30, r: 10 });
    onlyHead.data.fill(0, 0, 4);
    expect(angleOfProgression(onlyHead, 1, 2)).toBeNull();
    expect(angleOfProgression({ width: 4, height: 1, data: Uint8Array.from([1, 1, 0, 0]) }, 1, 2)).toBeNull();
  });
});

describe('angleOfProgression with non-square pixels', () => {
  it('measures in physical space: a scene drawn at half height with 2:1 pixels gives the square scene\'s angle', () => {
    const square = angleOfProgression(scene(256, 256, [30, 60, 90, 100], { cx: 170, cy: 60, r: 40 }), 1, 2);
    // The same scene squashed to half its rows, each row 2 units tall: the physical scene is the same.
    const tall = scene(256, 256, [30, 60, 90, 100], { cx: 170, cy: 60, r: 40 });
    const half = { width: 256, height: 128, data: new Uint8Array(256 * 128) };
    for (let y = 0; y < 128; y++) for (let x = 0; x < 256; x++) half.data[y * 256 + x] = tall.data[2 * y * 256 + x];
    const physical = angleOfProgression(half, 1, 2, [2, 1]);
    const naive = angleOfProgression(half, 1, 2);
    // 146.1° in the square scene: 145.5° read with its spacing, 161.2° if the pixels were taken as square.
    expect(Math.abs((physical?.degrees ?? 0) - (square?.degrees ?? 0))).toBeLessThan(1.5);
    expect(Math.abs((naive?.degrees ?? 0) - (square?.degrees ?? 0))).toBeGreaterThan(10);
  });
});
