/**
 * Polygon and lasso fill: the closed polygon through the given points (image pixels, continuous
 * coordinates as in brush.ts) is filled by the even-odd rule, scanline by scanline at pixel
 * centres. A pixel is inside when its centre (x + ½, y + ½) is, with crossings taken half-open
 * so that shared edges of adjacent polygons are painted once. With a recorder writing 1 it adds
 * the region, with one writing 0 it cuts it out.
 */
import { type Point } from './brush';
import { type ChangeRecorder } from './change';

export function fillPolygon(recorder: ChangeRecorder, points: readonly Point[]): void {
  const { width, height } = recorder.mask;
  const n = points.length;
  if (n < 3) return;
  let top = Infinity;
  let bottom = -Infinity;
  for (const p of points) {
    top = Math.min(top, p.y);
    bottom = Math.max(bottom, p.y);
  }
  const y0 = Math.max(0, Math.floor(top - 0.5));
  const y1 = Math.min(height - 1, Math.ceil(bottom - 0.5));
  const crossings: number[] = [];
  for (let y = y0; y <= y1; y++) {
    const yc = y + 0.5;
    crossings.length = 0;
    for (let i = 0; i < n; i++) {
      const a = points[i];
      const b = points[(i + 1) % n];
      if (a.y <= yc !== b.y <= yc) crossings.push(a.x + ((yc - a.y) * (b.x - a.x)) / (b.y - a.y));
    }
    crossings.sort((p, q) => p - q);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixels whose centre lies in [left, right).
      const from = Math.max(0, Math.ceil(crossings[k] - 0.5));
      const to = Math.min(width, Math.ceil(crossings[k + 1] - 0.5));
      for (let x = from; x < to; x++) recorder.set(y * width + x);
    }
  }
}
