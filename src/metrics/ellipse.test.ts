import { describe, expect, it } from 'vitest';
import { ellipseBiometry } from './biometry';
import { boundaryPoints, conicToEllipse, type Ellipse, ellipsePerimeter, ellipsePoint, fitEllipse, largestComponent } from './ellipse';

/** A filled ellipse rasterised at pixel centres (pixel (i, j) spans [i, i+1) × [j, j+1)). */
function rasterEllipse(width: number, height: number, e: Ellipse, scale: [number, number] = [1, 1]): Uint8Array {
  const data = new Uint8Array(width * height);
  const [sy, sx] = scale;
  const c = Math.cos(e.angle);
  const s = Math.sin(e.angle);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = (x + 0.5) * sx - e.cx;
      const dy = (y + 0.5) * sy - e.cy;
      const u = dx * c + dy * s;
      const v = -dx * s + dy * c;
      if ((u / e.a) ** 2 + (v / e.b) ** 2 <= 1) data[y * width + x] = 1;
    }
  }
  return data;
}

/** Perimeter by the complete elliptic integral, 4a ∫₀^{π/2} √(1 − e² sin²θ) dθ, Simpson's rule. */
function perimeterByIntegral(a: number, b: number, steps = 20000): number {
  const e2 = 1 - (b * b) / (a * a);
  const h = Math.PI / 2 / steps;
  let sum = 0;
  for (let k = 0; k <= steps; k++) {
    const w = k === 0 || k === steps ? 1 : k % 2 ? 4 : 2;
    sum += w * Math.sqrt(1 - e2 * Math.sin(k * h) ** 2);
  }
  return (4 * a * sum * h) / 3;
}

const angleDiff = (p: number, q: number) => {
  const d = Math.abs(p - q) % Math.PI;
  return Math.min(d, Math.PI - d);
};

describe('fitEllipse', () => {
  it('recovers an ellipse from exact points', () => {
    const truth = { cx: 30.5, cy: -12, a: 17, b: 9, angle: 0.6 };
    const ts = Array.from({ length: 50 }, (_, k) => (2 * Math.PI * k) / 50);
    const pts = ts.map((t) => ellipsePoint(truth, t));
    const fit = fitEllipse(
      pts.map((p) => p.x),
      pts.map((p) => p.y),
    )!;
    expect(fit.cx).toBeCloseTo(truth.cx, 8);
    expect(fit.cy).toBeCloseTo(truth.cy, 8);
    expect(fit.a).toBeCloseTo(truth.a, 8);
    expect(fit.b).toBeCloseTo(truth.b, 8);
    expect(angleDiff(fit.angle, truth.angle)).toBeLessThan(1e-8);
  });

  it('recovers an arc of a third of an ellipse, far from the origin', () => {
    const truth = { cx: 1e4, cy: 2e4, a: 300, b: 200, angle: -1.2 };
    const pts = Array.from({ length: 40 }, (_, k) => ellipsePoint(truth, (2 * Math.PI * k) / 120));
    const fit = fitEllipse(
      pts.map((p) => p.x),
      pts.map((p) => p.y),
    )!;
    expect(fit.a).toBeCloseTo(300, 5);
    expect(fit.b).toBeCloseTo(200, 5);
    expect(angleDiff(fit.angle, truth.angle)).toBeLessThan(1e-8);
  });

  it('gives a circle angle 0 and refuses too few or collinear points', () => {
    const pts = Array.from({ length: 12 }, (_, k) => ellipsePoint({ cx: 0, cy: 0, a: 5, b: 5, angle: 0 }, k));
    const fit = fitEllipse(
      pts.map((p) => p.x),
      pts.map((p) => p.y),
    )!;
    expect([fit.a, fit.b]).toEqual([expect.closeTo(5, 8), expect.closeTo(5, 8)]);
    expect(fitEllipse([0, 1, 2, 3, 4], [0, 1, 2, 3, 4])).toBeNull();
    expect(fitEllipse([0, 1, 2, 3, 4, 5, 6], [0, 1, 2, 3, 4, 5, 6])).toBeNull();
  });

  it('reads a conic in either sign', () => {
    // (x − 1)²/4 + (y + 2)² = 1  →  x²/4 + y² − x/2 + 4y + 1/4 + 4 − 1 = 0
    const conic = [0.25, 0, 1, -0.5, 4, 3.25];
    for (const c of [conic, conic.map((v) => -v)]) {
      const e = conicToEllipse(c)!;
      expect([e.cx, e.cy, e.a, e.b, e.angle]).toEqual([1, -2, 2, 1, 0].map((v) => expect.closeTo(v, 10)));
    }
    expect(conicToEllipse([1, 0, -1, 0, 0, -1])).toBeNull(); // a hyperbola
  });
});

describe('ellipsePerimeter (Ramanujan II)', () => {
  it('matches the elliptic integral to 1e-9 for head-like ellipses and 5e-5 for thin ones', () => {
    for (const [a, b] of [
      [1, 1],
      [100, 80],
      [95, 60],
      [2, 1],
    ]) {
      expect(Math.abs(ellipsePerimeter(a, b) / perimeterByIntegral(a, b) - 1)).toBeLessThan(1e-9 * (a / b) ** 4);
    }
    expect(Math.abs(ellipsePerimeter(10, 1) / perimeterByIntegral(10, 1) - 1)).toBeLessThan(5e-5);
    expect(ellipsePerimeter(3, 3)).toBeCloseTo(6 * Math.PI, 12);
  });
});

describe('boundary and ellipse biometry of a binary mask', () => {
  const W = 320;
  const H = 240;

  it('recovers the axes and angle of a rotated, rasterised ellipse within 1%', () => {
    const truth = { cx: 161.3, cy: 118.7, a: 110, b: 70, angle: 0.5 };
    const m = ellipseBiometry({ width: W, height: H, data: rasterEllipse(W, H, truth) })!;
    expect(m.unit).toBe('px');
    expect(m.clippedEdges).toBe(0);
    // Pixel centres of the boundary: half a pixel inside the region's edge.
    expect(m.ellipse.a).toBeCloseTo(truth.a - 0.5, 0);
    expect(m.ellipse.b).toBeCloseTo(truth.b - 0.5, 0);
    expect(Math.abs(m.ellipse.a / truth.a - 1)).toBeLessThan(0.01);
    expect(Math.abs(m.ellipse.b / truth.b - 1)).toBeLessThan(0.01);
    expect(Math.abs(m.ellipse.cx - truth.cx)).toBeLessThan(0.1);
    expect(Math.abs(m.ellipse.cy - truth.cy)).toBeLessThan(0.1);
    expect(angleDiff(m.ellipse.angle, truth.angle)).toBeLessThan(0.01);
    expect(m.ofd).toBeCloseTo(2 * m.ellipse.a, 12);
    expect(m.bpd).toBeCloseTo(2 * m.ellipse.b, 12);
    expect(m.hc).toBeCloseTo(ellipsePerimeter(m.ellipse.a, m.ellipse.b), 12);
    expect(m.area).toBeCloseTo(Math.PI * m.ellipse.a * m.ellipse.b, 8);
  });

  it("puts 'edges' points on the region's edge, half a pixel outside the pixel centres", () => {
    const truth = { cx: 160, cy: 120, a: 100, b: 60, angle: -0.3 };
    const region = rasterEllipse(W, H, truth);
    const pts = boundaryPoints(region, W, H, undefined, 'edges');
    const fit = fitEllipse(pts.x, pts.y)!;
    expect(Math.abs(fit.a - truth.a)).toBeLessThan(0.15);
    expect(Math.abs(fit.b - truth.b)).toBeLessThan(0.15);
  });

  it('is not biased by the part of the region clipped at the image border', () => {
    // A third of the head outside the image on the right and at the bottom.
    const truth = { cx: 250, cy: 170, a: 110, b: 80, angle: 0.35 };
    const region = rasterEllipse(W, H, truth);
    const m = ellipseBiometry({ width: W, height: H, data: region })!;
    expect(m.clippedEdges).toBeGreaterThan(100);
    expect(Math.abs(m.ellipse.a / truth.a - 1)).toBeLessThan(0.01);
    expect(Math.abs(m.ellipse.b / truth.b - 1)).toBeLessThan(0.01);
    expect(Math.abs(m.ellipse.cx - truth.cx)).toBeLessThan(0.5);
    expect(Math.abs(m.ellipse.cy - truth.cy)).toBeLessThan(0.5);
    // Had the border counted as boundary, the fit would be well off.
    const padded = new Uint8Array((W + 2) * (H + 2));
    for (let y = 0; y < H; y++) padded.set(region.subarray(y * W, (y + 1) * W), (y + 1) * (W + 2) + 1);
    const naive = ellipseBiometry({ width: W + 2, height: H + 2, data: padded })!;
    expect(Math.abs(naive.ellipse.a / truth.a - 1)).toBeGreaterThan(0.05);
  });

  it('leaves out the edge of the region the model saw, not only the image border', () => {
    const truth = { cx: 160, cy: 120, a: 90, b: 70, angle: 1.1 };
    const box = { x0: 100, y0: 0, x1: 320, y1: 240 };
    const data = rasterEllipse(W, H, truth);
    for (let y = 0; y < H; y++) data.fill(0, y * W, y * W + box.x0);
    const m = ellipseBiometry({ width: W, height: H, data }, { box })!;
    expect(m.clippedEdges).toBeGreaterThan(0);
    expect(Math.abs(m.ellipse.a / truth.a - 1)).toBeLessThan(0.01);
    expect(Math.abs(m.ellipse.b / truth.b - 1)).toBeLessThan(0.01);
  });

  it('fits the largest component, ignoring specks and holes', () => {
    const truth = { cx: 150, cy: 120, a: 100, b: 70, angle: 0 };
    const data = rasterEllipse(W, H, truth);
    const clean = ellipseBiometry({ width: W, height: H, data: data.slice() })!;
    for (let y = 5; y < 15; y++) data.fill(1, y * W + 290, y * W + 300); // a speck in a corner
    for (let y = 110; y < 130; y++) data.fill(0, y * W + 140, y * W + 160); // a hole
    expect(largestComponent({ width: W, height: H, data })!.reduce((s, v) => s + v, 0)).toBe(data.reduce((s, v) => s + v, 0) - 100);
    const m = ellipseBiometry({ width: W, height: H, data })!;
    expect(m.hc).toBeCloseTo(clean.hc, 10);
    expect(ellipseBiometry({ width: W, height: H, data: new Uint8Array(W * H) })).toBeNull();
  });

  it('measures in mm with anisotropic pixels, fitting in physical coordinates', () => {
    // 0.2 mm between rows, 0.1 mm between columns: a 24 × 14 mm ellipse rotated 30°.
    const spacing: [number, number] = [0.2, 0.1];
    const truth = { cx: 16, cy: 24, a: 12, b: 7, angle: Math.PI / 6 };
    const data = rasterEllipse(W, H, truth, spacing);
    const m = ellipseBiometry({ width: W, height: H, data }, { spacing })!;
    expect(m.unit).toBe('mm');
    // Within one row's spacing (the coarser direction) of the truth.
    expect(Math.abs(m.ellipse.a - truth.a)).toBeLessThan(0.15);
    expect(Math.abs(m.ellipse.b - truth.b)).toBeLessThan(0.15);
    expect(angleDiff(m.ellipse.angle, truth.angle)).toBeLessThan(0.01);
    expect(Math.abs(m.hc / ellipsePerimeter(truth.a, truth.b) - 1)).toBeLessThan(0.01);
    expect(m.bpd).toBeCloseTo(2 * m.ellipse.b, 12);
    // The same ellipse in pixel coordinates, for drawing: centre at (cx / col, cy / row).
    expect(m.ellipsePx.cx).toBeCloseTo(truth.cx / 0.1, 0);
    expect(m.ellipsePx.cy).toBeCloseTo(truth.cy / 0.2, 0);
    // Isotropic 0.5 mm is the pixel fit scaled.
    const iso = ellipseBiometry({ width: W, height: H, data }, { spacing: [0.5, 0.5] })!;
    expect(iso.hc).toBeCloseTo(ellipsePerimeter(iso.ellipsePx.a, iso.ellipsePx.b) * 0.5, 8);
  });
});
