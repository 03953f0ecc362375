/**
 * Brush and eraser strokes rasterised at the image's own resolution. A stroke is the polyline of
 * pointer positions in image pixels (continuous coordinates: pixel (x, y) covers [x, x+1) ×
 * [y, y+1), its centre is (x + ½, y + ½)). A round brush of radius r image pixels paints every
 * pixel whose centre lies within r of the polyline — each segment is painted as a capsule (the
 * disc swept along it), so fast pointer moves leave no gaps and the result does not depend on
 * how often the pointer reported.
 */
import { type ChangeRecorder } from './change';

export interface Point {
  /** Image pixels, continuous (0 = left edge of the first column). */
  readonly x: number;
  readonly y: number;
}

/** Smallest radius used, in image pixels: half a pixel always covers the pixel under the pointer. */
export const MIN_RADIUS = 0.5;

/** Paints the disc of radius `radius` (image pixels) around `centre`. */
export function stampDisc(recorder: ChangeRecorder, centre: Point, radius: number): void {
  paintSegment(recorder, centre, centre, radius);
}

/**
 * Paints every pixel whose centre is within `radius` image pixels of the segment a–b (a capsule;
 * a disc when a = b), clipped to the mask.
 */
export function paintSegment(recorder: ChangeRecorder, a: Point, b: Point, radius: number): void {
  const { width, height } = recorder.mask;
  const r = Math.max(MIN_RADIUS, radius);
  const r2 = r * r;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - r - 0.5));
  const x1 = Math.min(width - 1, Math.ceil(Math.max(a.x, b.x) + r - 0.5));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - r - 0.5));
  const y1 = Math.min(height - 1, Math.ceil(Math.max(a.y, b.y) + r - 0.5));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  for (let y = y0; y <= y1; y++) {
    const py = y + 0.5 - a.y;
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5 - a.x;
      // Distance from the pixel centre to the nearest point of the segment.
      const t = length2 === 0 ? 0 : Math.min(1, Math.max(0, (px * dx + py * dy) / length2));
      const ex = px - t * dx;
      const ey = py - t * dy;
      if (ex * ex + ey * ey <= r2) recorder.set(y * width + x);
    }
  }
}

/** Paints a whole polyline (one point: a disc). */
export function paintStroke(recorder: ChangeRecorder, points: readonly Point[], radius: number): void {
  if (points.length === 0) return;
  if (points.length === 1) stampDisc(recorder, points[0], radius);
  for (let i = 1; i < points.length; i++) paintSegment(recorder, points[i - 1], points[i], radius);
}
