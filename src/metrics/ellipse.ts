/**
 * Ellipses fitted to a segmented region, for biometry (fetal head circumference and friends).
 * Pure TypeScript, no TF.js: the same code runs in the app, in a worker and in `npm run segment`.
 *
 * The fit is the direct least-squares ellipse fit of Fitzgibbon, Pilu & Fisher ("Direct least
 * square fitting of ellipses", IEEE TPAMI 21(5):476–480, 1999) in the numerically stable form of
 * Halíř & Flusser ("Numerically stable direct least squares fitting of ellipses", WSCG 1998):
 * the algebraic distance of the conic A x² + B xy + C y² + D x + E y + F = 0 to the points is
 * minimised subject to 4AC − B² = 1, which always gives an ellipse. The points are the region's
 * outer boundary pixels (see `boundaryPoints`), centred and scaled before the fit. OpenCV's
 * `fitEllipseDirect` implements the same fit.
 */

/** An ellipse: centre, semi-axes (a ≥ b) and the major axis' angle from +x towards +y (radians, (−π/2, π/2]). */
export interface Ellipse {
  readonly cx: number;
  readonly cy: number;
  readonly a: number;
  readonly b: number;
  readonly angle: number;
}

/** A binary mask, one byte per pixel, non-zero = foreground. */
export interface MaskLike {
  readonly width: number;
  readonly height: number;
  readonly data: ArrayLike<number>;
}

/** Half-open pixel rectangle [x0, x1) × [y0, y1): the part of the image the mask is known in. */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * The largest 8-connected foreground component inside `box` (whole image by default), as a
 * 0/1 mask of the image's size; null when there is no foreground.
 */
export function largestComponent(mask: MaskLike, box?: Box): Uint8Array | null {
  const { width, height, data } = mask;
  const b = box ?? { x0: 0, y0: 0, x1: width, y1: height };
  const label = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  let best = 0;
  let bestSize = 0;
  let next = 0;
  for (let y = b.y0; y < b.y1; y++) {
    for (let x = b.x0; x < b.x1; x++) {
      const start = y * width + x;
      if (!data[start] || label[start]) continue;
      next++;
      let size = 0;
      let top = 0;
      stack[top++] = start;
      label[start] = next;
      while (top > 0) {
        const p = stack[--top];
        size++;
        const px = p % width;
        const py = (p - px) / width;
        for (let dy = -1; dy <= 1; dy++) {
          const ny = py + dy;
          if (ny < b.y0 || ny >= b.y1) continue;
          for (let dx = -1; dx <= 1; dx++) {
            const nx = px + dx;
            if (nx < b.x0 || nx >= b.x1) continue;
            const q = ny * width + nx;
            if (data[q] && !label[q]) {
              label[q] = next;
              stack[top++] = q;
            }
          }
        }
      }
      if (size > bestSize) {
        bestSize = size;
        best = next;
      }
    }
  }
  if (best === 0) return null;
  const out = new Uint8Array(width * height);
  for (let i = 0; i < out.length; i++) out[i] = label[i] === best ? 1 : 0;
  return out;
}

/** Boundary points of a region, in pixel coordinates (pixel (i, j) spans [i, i+1) × [j, j+1)). */
export interface BoundaryPoints {
  readonly x: Float64Array;
  readonly y: Float64Array;
  /** Boundary edges left out because they lie on the box's edge (the clipped part of the region). */
  readonly excluded: number;
}

/**
 * Where boundary points are put: `'pixels'`, the centre of each region pixel with a 4-neighbour
 * outside the region (the contour OpenCV's `findContours` traces, which `fitEllipse` is usually
 * given); `'edges'`, the midpoint of each pixel edge between the region and the outside, which
 * lies on the region's boundary itself, half a pixel further out.
 */
export type BoundaryAt = 'pixels' | 'edges';

/**
 * The outer boundary of a 0/1 region: only background 4-connected to the outside of the region
 * counts, so holes inside the region do not. With `'pixels'` (the default, the convention of the
 * HC18 literature and the one the bundled model was checked with) the fitted axes are half a
 * pixel shorter than the region's; with `'edges'` they are the region's own. HC18's masks are
 * filled outlines drawn 2–4 px wide around the reference ellipse, so their edge lies about 1.3 px
 * outside it and `'pixels'` is the closer of the two there (see biometry.ts).
 *
 * Edges on the box's edge (the image border, or the edge of the region the model saw) are left
 * out: there the region is clipped, not bounded, and fitting them would flatten the ellipse.
 */
export function boundaryPoints(region: Uint8Array, width: number, height: number, box?: Box, at: BoundaryAt = 'pixels'): BoundaryPoints {
  const b = box ?? { x0: 0, y0: 0, x1: width, y1: height };
  // Background reachable from the box's edge through 4-connected background: the outside.
  const outside = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  let top = 0;
  const seed = (x: number, y: number) => {
    const p = y * width + x;
    if (!region[p] && !outside[p]) {
      outside[p] = 1;
      stack[top++] = p;
    }
  };
  for (let x = b.x0; x < b.x1; x++) {
    seed(x, b.y0);
    seed(x, b.y1 - 1);
  }
  for (let y = b.y0; y < b.y1; y++) {
    seed(b.x0, y);
    seed(b.x1 - 1, y);
  }
  while (top > 0) {
    const p = stack[--top];
    const px = p % width;
    const py = (p - px) / width;
    if (px > b.x0) seed(px - 1, py);
    if (px < b.x1 - 1) seed(px + 1, py);
    if (py > b.y0) seed(px, py - 1);
    if (py < b.y1 - 1) seed(px, py + 1);
  }
  const xs: number[] = [];
  const ys: number[] = [];
  let excluded = 0;
  for (let y = b.y0; y < b.y1; y++) {
    for (let x = b.x0; x < b.x1; x++) {
      const p = y * width + x;
      if (!region[p]) continue;
      let marked = false;
      // The neighbour across one edge, and that edge's midpoint relative to the pixel's corner.
      const edge = (nx: number, ny: number, mx: number, my: number) => {
        if (nx < b.x0 || nx >= b.x1 || ny < b.y0 || ny >= b.y1) {
          excluded++;
          return;
        }
        if (outside[ny * width + nx]) {
          if (at === 'edges') {
            xs.push(x + mx);
            ys.push(y + my);
          } else if (!marked) {
            marked = true;
            xs.push(x + 0.5);
            ys.push(y + 0.5);
          }
        }
      };
      edge(x - 1, y, 0, 0.5);
      edge(x + 1, y, 1, 0.5);
      edge(x, y - 1, 0.5, 0);
      edge(x, y + 1, 0.5, 1);
    }
  }
  return { x: Float64Array.from(xs), y: Float64Array.from(ys), excluded };
}

type Vec3 = [number, number, number];
type Mat3 = [Vec3, Vec3, Vec3];

function inverse3(m: Mat3): Mat3 | null {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-300) return null;
  const s = 1 / det;
  return [
    [A * s, -(b * i - c * h) * s, (b * f - c * e) * s],
    [B * s, (a * i - c * g) * s, -(a * f - c * d) * s],
    [C * s, -(a * h - b * g) * s, (a * e - b * d) * s],
  ];
}

const cross = (u: Vec3, v: Vec3): Vec3 => [u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]];
const norm2 = (v: Vec3) => v[0] * v[0] + v[1] * v[1] + v[2] * v[2];

/** Real roots of λ³ + p2 λ² + p1 λ + p0, each polished by Newton's method. */
function cubicRoots(p2: number, p1: number, p0: number): number[] {
  const f = (x: number) => ((x + p2) * x + p1) * x + p0;
  const df = (x: number) => (3 * x + 2 * p2) * x + p1;
  // Depressed cubic t³ + p t + q, λ = t − p2/3.
  const shift = p2 / 3;
  const p = p1 - (p2 * p2) / 3;
  const q = (2 * p2 * p2 * p2) / 27 - (p2 * p1) / 3 + p0;
  const disc = (q * q) / 4 + (p * p * p) / 27;
  let roots: number[];
  if (p === 0 && q === 0) roots = [-shift];
  else if (disc > 0) {
    const s = Math.sqrt(disc);
    roots = [Math.cbrt(-q / 2 + s) + Math.cbrt(-q / 2 - s) - shift];
  } else {
    const r = Math.sqrt(-p / 3);
    const phi = Math.acos(Math.max(-1, Math.min(1, (3 * q) / (2 * p * r))));
    roots = [0, 1, 2].map((k) => 2 * r * Math.cos(phi / 3 - (2 * Math.PI * k) / 3) - shift);
  }
  return roots.map((x) => {
    for (let k = 0; k < 3; k++) {
      const d = df(x);
      if (d === 0) break;
      const step = f(x) / d;
      if (!Number.isFinite(step)) break;
      x -= step;
    }
    return x;
  });
}

/** Centre, semi-axes and angle of the conic A x² + B xy + C y² + D x + E y + F = 0; null if not a real ellipse. */
export function conicToEllipse(conic: readonly number[]): Ellipse | null {
  const [A, B, C, D, E, F] = conic;
  const den = B * B - 4 * A * C;
  if (!(den < 0)) return null;
  const cx = (2 * C * D - B * E) / den;
  const cy = (2 * A * E - B * D) / den;
  const f0 = F + (D * cx + E * cy) / 2;
  const mean = (A + C) / 2;
  const half = Math.hypot((A - C) / 2, B / 2);
  const axes = [mean + half, mean - half].map((lambda) => {
    // An eigenvector of [[A, B/2], [B/2, C]] for λ: the longer of two candidate columns.
    const u: [number, number] = [B / 2, lambda - A];
    const v: [number, number] = [lambda - C, B / 2];
    const dir = Math.hypot(...u) >= Math.hypot(...v) ? u : v;
    return { length: Math.sqrt(-f0 / lambda), dir };
  });
  if (!axes.every((x) => Number.isFinite(x.length) && x.length > 0)) return null;
  const [major, minor] = axes[0].length >= axes[1].length ? [axes[0], axes[1]] : [axes[1], axes[0]];
  let angle = half === 0 ? 0 : Math.atan2(major.dir[1], major.dir[0]);
  if (angle <= -Math.PI / 2) angle += Math.PI;
  if (angle > Math.PI / 2) angle -= Math.PI;
  return { cx, cy, a: major.length, b: minor.length, angle };
}

/**
 * Direct least-squares ellipse fit (Fitzgibbon, Pilu & Fisher 1999; Halíř & Flusser 1998) to
 * at least 6 points; null when the points do not determine an ellipse (too few, collinear).
 */
export function fitEllipse(xs: ArrayLike<number>, ys: ArrayLike<number>): Ellipse | null {
  const n = xs.length;
  if (n < 6 || ys.length !== n) return null;
  // Centre and scale the points (one scale for both axes, so angles are kept).
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let spread = 0;
  for (let i = 0; i < n; i++) spread += (xs[i] - mx) ** 2 + (ys[i] - my) ** 2;
  const scale = Math.sqrt(spread / (2 * n));
  if (!(scale > 0)) return null;
  // Scatter matrices of D1 = [x², xy, y²] and D2 = [x, y, 1].
  const S1: Mat3 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const S2: Mat3 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const S3: Mat3 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let i = 0; i < n; i++) {
    const x = (xs[i] - mx) / scale;
    const y = (ys[i] - my) / scale;
    const d1: Vec3 = [x * x, x * y, y * y];
    const d2: Vec3 = [x, y, 1];
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        S1[r][c] += d1[r] * d1[c];
        S2[r][c] += d1[r] * d2[c];
        S3[r][c] += d2[r] * d2[c];
      }
    }
  }
  const S3inv = inverse3(S3);
  if (!S3inv) return null;
  // T = −S3⁻¹ S2ᵀ: the linear part for a given quadratic part.
  const T: Mat3 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) T[r][c] -= S3inv[r][k] * S2[c][k];
  // M = S1 + S2 T, reduced scatter matrix; then M' = C1⁻¹ M with C1 the constraint 4AC − B².
  const M: Mat3 = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 3; c++) {
      let s = S1[r][c];
      for (let k = 0; k < 3; k++) s += S2[r][k] * T[k][c];
      M[r][c] = s;
    }
  }
  const Mp: Mat3 = [
    [M[2][0] / 2, M[2][1] / 2, M[2][2] / 2],
    [-M[1][0], -M[1][1], -M[1][2]],
    [M[0][0] / 2, M[0][1] / 2, M[0][2] / 2],
  ];
  // Characteristic polynomial λ³ − tr λ² + m λ − det.
  const tr = Mp[0][0] + Mp[1][1] + Mp[2][2];
  const minors = Mp[0][0] * Mp[1][1] - Mp[0][1] * Mp[1][0] + Mp[0][0] * Mp[2][2] - Mp[0][2] * Mp[2][0] + Mp[1][1] * Mp[2][2] - Mp[1][2] * Mp[2][1];
  const det = Mp[0][0] * (Mp[1][1] * Mp[2][2] - Mp[1][2] * Mp[2][1]) - Mp[0][1] * (Mp[1][0] * Mp[2][2] - Mp[1][2] * Mp[2][0]) + Mp[0][2] * (Mp[1][0] * Mp[2][1] - Mp[1][1] * Mp[2][0]);
  let best: Vec3 | null = null;
  let bestCond = 0;
  for (const lambda of cubicRoots(-tr, minors, -det)) {
    const rows = Mp.map((row, k) => row.map((v, c) => (c === k ? v - lambda : v)) as Vec3);
    const candidates = [cross(rows[0], rows[1]), cross(rows[0], rows[2]), cross(rows[1], rows[2])];
    const v = candidates.reduce((p, q) => (norm2(q) > norm2(p) ? q : p));
    const len = Math.sqrt(norm2(v));
    if (!(len > 0)) continue;
    const u: Vec3 = [v[0] / len, v[1] / len, v[2] / len];
    const cond = 4 * u[0] * u[2] - u[1] * u[1];
    if (cond > bestCond) {
      bestCond = cond;
      best = u;
    }
  }
  if (!best) return null;
  const a1 = best;
  const a2: Vec3 = [0, 1, 2].map((r) => T[r][0] * a1[0] + T[r][1] * a1[1] + T[r][2] * a1[2]) as Vec3;
  const fitted = conicToEllipse([...a1, ...a2]);
  if (!fitted) return null;
  return { cx: mx + fitted.cx * scale, cy: my + fitted.cy * scale, a: fitted.a * scale, b: fitted.b * scale, angle: fitted.angle };
}

/**
 * Perimeter of an ellipse by Ramanujan's second approximation,
 * π (a + b) (1 + 3h / (10 + √(4 − 3h))) with h = ((a − b) / (a + b))²
 * (S. Ramanujan, "Modular equations and approximations to π", Quart. J. Pure Appl. Math. 45,
 * 350–372, 1914). Its relative error is below 4·10⁻⁵ even for b/a = 0.1, and of order h⁵
 * (under 10⁻¹⁰) for heads, whose b/a is above 0.6.
 */
export function ellipsePerimeter(a: number, b: number): number {
  if (a + b === 0) return 0;
  const h = ((a - b) / (a + b)) ** 2;
  return Math.PI * (a + b) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
}

/** A point on the ellipse at parameter t (t = 0: the end of the major axis). */
export function ellipsePoint(e: Ellipse, t: number): { x: number; y: number } {
  const c = Math.cos(e.angle);
  const s = Math.sin(e.angle);
  const u = e.a * Math.cos(t);
  const v = e.b * Math.sin(t);
  return { x: e.cx + u * c - v * s, y: e.cy + u * s + v * c };
}
