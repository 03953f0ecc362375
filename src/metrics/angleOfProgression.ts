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
 * Angles are in degrees, in the image's pixel grid (isotropic pixels; the angle needs no mm).
 */
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

/** The mask of class k of a label map (one byte per pixel). */
function classOf(labels: MaskLike, k: number): MaskLike {
  const data = new Uint8Array(labels.width * labels.height);
  for (let i = 0; i < data.length; i++) data[i] = labels.data[i] === k ? 1 : 0;
  return { width: labels.width, height: labels.height, data };
}

/** The two ends of a region's principal axis (pixel centres), or null for fewer than 2 pixels. */
export function principalAxisEnds(region: Uint8Array, width: number): [Point, Point] | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < region.length; i++) {
    if (!region[i]) continue;
    n++;
    sx += (i % width) + 0.5;
    sy += Math.floor(i / width) + 0.5;
  }
  if (n < 2) return null;
  const [mx, my] = [sx / n, sy / n];
  let cxx = 0;
  let cxy = 0;
  let cyy = 0;
  for (let i = 0; i < region.length; i++) {
    if (!region[i]) continue;
    const dx = (i % width) + 0.5 - mx;
    const dy = Math.floor(i / width) + 0.5 - my;
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
    const t = (p.x - mx) * ux + (p.y - my) * uy;
    if (t < lo) [lo, loP] = [t, p];
    if (t > hi) [hi, hiP] = [t, p];
  }
  return [loP, hiP];
}

/**
 * AoP from a label map (width × height class indices). `symphysis` and `head` are the two classes'
 * indices. Null when either class is absent, or the symphysis is a single pixel.
 */
export function angleOfProgression(labels: MaskLike, symphysis: number, head: number): AngleOfProgression | null {
  const { width } = labels;
  const ps = largestComponent(classOf(labels, symphysis));
  const fh = largestComponent(classOf(labels, head));
  if (!ps || !fh) return null;
  const ends = principalAxisEnds(ps, width);
  if (!ends) return null;
  const headPoints: Point[] = [];
  for (let i = 0; i < fh.length; i++) if (fh[i]) headPoints.push({ x: (i % width) + 0.5, y: Math.floor(i / width) + 0.5 });
  const nearest = (p: Point) => headPoints.reduce((best, q) => Math.min(best, (q.x - p.x) ** 2 + (q.y - p.y) ** 2), Infinity);
  const [inferior, superior] = nearest(ends[0]) <= nearest(ends[1]) ? ends : [ends[1], ends[0]];
  const ax = superior.x - inferior.x;
  const ay = superior.y - inferior.y;
  const axisLength = Math.hypot(ax, ay);
  let best = -1;
  let tangent = headPoints[0];
  for (const p of headPoints) {
    const bx = p.x - inferior.x;
    const by = p.y - inferior.y;
    const length = Math.hypot(bx, by);
    if (length === 0) continue;
    const cos = Math.min(1, Math.max(-1, (ax * bx + ay * by) / (axisLength * length)));
    const angle = Math.acos(cos);
    if (angle > best) [best, tangent] = [angle, p];
  }
  return { degrees: (best * 180) / Math.PI, superior, inferior, tangent };
}
