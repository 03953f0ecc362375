/**
 * Outlines being drawn for the polygon and lasso tools, as the pointer gives them: points too
 * close to the last one are dropped (a lasso reports a point per pointer move, and the two clicks
 * of the double-click that closes a polygon land on the same spot), a polygon closes when
 * clicked near its first corner, and the pixels to redraw after a fill are the outline's box.
 * Image pixels, continuous, as in brush.ts; distances are given by the caller in image pixels
 * (a few screen pixels divided by the zoom).
 */
import { type PixelBox } from '../geometry';
import { type Point } from './brush';

/** `points` with `p` appended, unless `p` is within `minDistance` of the last point (then `points` itself). */
export function addPoint(points: readonly Point[], p: Point, minDistance: number): readonly Point[] {
  const last = points.at(-1);
  if (last && Math.hypot(p.x - last.x, p.y - last.y) < minDistance) return points;
  return [...points, p];
}

/** Whether a click at `p` closes the polygon: it has three corners or more and `p` is within `tolerance` of the first. */
export function closesAt(points: readonly Point[], p: Point, tolerance: number): boolean {
  return points.length >= 3 && Math.hypot(p.x - points[0].x, p.y - points[0].y) <= tolerance;
}

/** The pixels (x1, y1 exclusive) a polygon through `points` can touch, clipped to width × height; null when none. */
export function outlineBox(points: readonly Point[], width: number, height: number): PixelBox | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x0 = Math.max(0, Math.floor(Math.min(...xs)));
  const y0 = Math.max(0, Math.floor(Math.min(...ys)));
  const x1 = Math.min(width, Math.ceil(Math.max(...xs)) + 1);
  const y1 = Math.min(height, Math.ceil(Math.max(...ys)) + 1);
  return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : null;
}
