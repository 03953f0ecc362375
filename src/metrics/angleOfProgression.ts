/**
 * The angle of progression (AoP) of transperineal intrapartum ultrasound, from a label map with a
 * pubic symphysis (PS) class and a fetal head (FH) class: the angle between the long axis of the
 * symphysis and a line from its inferior end tangential to the fetal skull (ISUOG Practice
 * Guidelines: intrapartum ultrasound, Ghi et al., UOG 2018; the measure the PSFHS / IUGC 2024
 * challenges score). It grows as the head descends (≈ 90–120° high, > 120° low in the birth canal).
 *
 * How each part is taken from the masks (our choices, stated because guidelines describe a
 * sonographer's drawing, not pixels):
 * - the PS is its largest 8-connected region; its long axis is the principal axis of its pixels
 *   (PCA), and its two ends are the region's extreme pixels along that axis;
 * - the inferior end I is the end nearer the fetal head (in a transperineal view the head lies
 *   beyond the caudal end), the superior end S the other;
 * - the tangent from I touches the skull where the angle ∠(S − I, P − I) over the head's pixels P
 *   is largest: of the two tangents from I to the (convex) head, the one on the skull's leading
 *   side, so AoP = that largest angle, and T is where it is reached.
 * Angles are in degrees, measured in physical space: with a pixel spacing (row, column mm) the
 * geometry is scaled by it first, since non-square pixels turn every angle; without one, pixels
 * are taken as square. 180° means the head lies on the axis's own extension (the largest angle
 * a line from the inferior end can make with the axis).
 */
import { classMask, type LabelMap } from '../image/labelMap';
import { largestComponent, type MaskLike } from './ellipse';

/** The classes a model with `"measure": "angle-of-progression"` must have (model/metadata.ts). */
export const AOP_CLASSES = { symphysis: 1, head: 2 } as const;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface AngleOfProgression {
  /** Degrees, 0–180. */
  readonly degrees: number;
  /** Superior and inferior ends of the symphysis's long axis and the tangent point on the head (pixel centres). */
  readonly superior: Point;
  readonly inferior: Point;
  readonly tangent: Point;
}

/** The mask of class k of a label map (image/labelMap.ts classMask), shaped for largestComponent. */
const classOf = (labels: LabelMap, k: number): MaskLike => ({ width: labels.width, height: labels.height, data: classMask(labels, k) });

/**
 * The two ends of a region's principal axis (pixel centres, in pixels), or null for fewer than 2
 * pixels. `sx`, `sy`: the size of a pixel across and down (mm, or 1), so the axis is the physical one.
 */
export function principalAxisEnds(region: Uint8Array, width: number, sx = 1, sy = 1): [Point, Point] | null {
  let n = 0;
  let tx = 0;
  let ty = 0;
  for (let i = 0; i < region.length; i++) {
    if (!region[i]) continue;
    n++;
    tx += ((i % width) + 0.5) * sx;
    ty += (Math.floor(i / width) + 0.5) * sy;
  }
  if (n < 2) return null;
  const [mx, my] = [tx / n, ty / n];
  let cxx = 0;
  let cxy = 0;
  let cyy = 0;
  for (let i = 0; i < region.length; i++) {
    if (!region[i]) continue;
    const dx = ((i % width) + 0.5) * sx - mx;
    const dy = (Math.floor(i / width) + 0.5) * sy - my;
    cxx += dx * dx;
    cxy += dx * dy;
    cyy += dy * dy;
  }
  // Major eigenvector of the 2×2 covariance.
  const theta = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
  const [ux, uy] = [Math.cos(theta), Math.sin(theta)];
  let lo = Infinity;
  let hi = -Infinity;
  let loP: Point = { x: mx, y: my };
  let hiP: Point = { x: mx, y: my };
  for (let i = 0; i < region.length; i++) {
    if (!region[i]) continue;
    const p = { x: (i % width) + 0.5, y: Math.floor(i / width) + 0.5 };
    const t = (p.x * sx - mx) * ux + (p.y * sy - my) * uy;
    if (t < lo) [lo, loP] = [t, p];
    if (t > hi) [hi, hiP] = [t, p];
  }
  return [loP, hiP];
}

/**
 * AoP from a label map (width × height class indices). `symphysis` and `head` are the two classes'
 * indices; `spacing` the pixel spacing (row, column mm) or null (square pixels). Null when either
 * class is absent, or the symphysis is a single pixel. Points are returned in pixels.
 */
export function angleOfProgression(labels: LabelMap, symphysis: number, head: number, spacing: readonly [number, number] | null = null): AngleOfProgression | null {
  const [sy, sx] = spacing ?? [1, 1];
  const { width } = labels;
  const ps = largestComponent(classOf(labels, symphysis));
  const fh = largestComponent(classOf(labels, head));
  if (!ps || !fh) return null;
  const ends = principalAxisEnds(ps, width, sx, sy);
  if (!ends) return null;
  const headPoints: Point[] = [];
  for (let i = 0; i < fh.length; i++) if (fh[i]) headPoints.push({ x: (i % width) + 0.5, y: Math.floor(i / width) + 0.5 });
  const nearest = (p: Point) => headPoints.reduce((best, q) => Math.min(best, ((q.x - p.x) * sx) ** 2 + ((q.y - p.y) * sy) ** 2), Infinity);
  const [inferior, superior] = nearest(ends[0]) <= nearest(ends[1]) ? ends : [ends[1], ends[0]];
  const ax = (superior.x - inferior.x) * sx;
  const ay = (superior.y - inferior.y) * sy;
  const axisLength = Math.hypot(ax, ay);
  let best = -1;
  let tangent = headPoints[0];
  for (const p of headPoints) {
    const bx = (p.x - inferior.x) * sx;
    const by = (p.y - inferior.y) * sy;
    const length = Math.hypot(bx, by);
    if (length === 0) continue;
    const cos = Math.min(1, Math.max(-1, (ax * bx + ay * by) / (axisLength * length)));
    const angle = Math.acos(cos);
    if (angle > best) [best, tangent] = [angle, p];
  }
  return { degrees: (best * 180) / Math.PI, superior, inferior, tangent };
}
