/** Summary thumbnails: size kept within the side, the mask tinted where the model says foreground, a PNG data: URL. */
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { type Raster } from '../image/raster';
import { type Segmentation } from '../image/segmentation';
import { thumbnail, thumbnailDataUrl } from './thumbnail';

// A 200 × 100 grey image (value 100); the model saw a 200-px square over it, a 2 × 2 grid whose left column is foreground.
const raster = { width: 200, height: 100, channels: 1, bitDepth: 8, data: new Uint8Array(200 * 100).fill(100) } as unknown as Raster;
const segmentation = {
  grid: Float32Array.from([0.9, 0.1, 0.9, 0.1]),
  gridSize: 2,
  region: { x: 0, y: -50, size: 200 },
  box: { x0: 0, y0: 0, x1: 200, y1: 100 },
} as unknown as Segmentation;
const window = { center: 128, width: 256 };

describe('thumbnail', () => {
  it('fits the longer side and tints the foreground', () => {
    const t = thumbnail(raster, window, segmentation, 0.5, 96);
    expect([t.width, t.height]).toEqual([96, 48]);
    const at = (x: number, y: number) => [...t.rgb.subarray((y * t.width + x) * 3, (y * t.width + x) * 3 + 3)];
    // Right half: the image's grey (100 through the full-range window); left half: tinted towards green.
    expect(at(90, 20)).toEqual([100, 100, 100]);
    expect(at(5, 20)).toEqual([Math.round(100 * 0.55), Math.round(100 * 0.55 + 158 * 0.45), Math.round(100 * 0.55 + 115 * 0.45)]);
  });

  it('encodes as a PNG data: URL', () => {
    const url = thumbnailDataUrl(thumbnail(raster, window, segmentation, 0.5, 40));
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    const png = decode(Uint8Array.from(atob(url.slice(22)), (c) => c.charCodeAt(0)));
    expect([png.width, png.height, png.channels]).toEqual([40, 20, 3]);
  });
});
