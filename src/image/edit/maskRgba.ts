/**
 * The working mask as RGBA for the editing layer: foreground in one colour at a fixed alpha,
 * background transparent. Draws a box of the mask (the pixels a stroke segment touched), so a
 * stroke on a 4000×3000 image repaints only what changed.
 */
import { type PixelBox } from '../geometry';
import { type BinaryMask } from '../mask';

/** The box (x1, y1 exclusive, image pixels) covering every pixel centre within `radius` of a–b, clipped to the mask. */
export function segmentBox(mask: BinaryMask, a: { x: number; y: number }, b: { x: number; y: number }, radius: number): PixelBox | null {
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - radius - 0.5));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - radius - 0.5));
  const x1 = Math.min(mask.width, Math.ceil(Math.max(a.x, b.x) + radius + 0.5));
  const y1 = Math.min(mask.height, Math.ceil(Math.max(a.y, b.y) + radius + 0.5));
  return x1 > x0 && y1 > y0 ? { x0, y0, x1, y1 } : null;
}

/**
 * RGBA pixels of `box` (row-major over the box) at `alpha` (0 … 255): a pixel of value k > 0 in
 * colour k − 1 of `colours` (one colour for a binary mask; a class's for class indices).
 */
export function maskBoxToRgba(mask: BinaryMask, box: PixelBox, colours: ReadonlyArray<readonly number[]>, alpha: number): Uint8ClampedArray {
  const bw = box.x1 - box.x0;
  const out = new Uint8ClampedArray(bw * (box.y1 - box.y0) * 4);
  let o = 0;
  for (let y = box.y0; y < box.y1; y++) {
    const row = y * mask.width;
    for (let x = box.x0; x < box.x1; x++, o += 4) {
      const k = mask.data[row + x];
      if (!k) continue;
      const rgb = colours[Math.min(k, colours.length) - 1];
      out[o] = rgb[0];
      out[o + 1] = rgb[1];
      out[o + 2] = rgb[2];
      out[o + 3] = alpha;
    }
  }
  return out;
}
