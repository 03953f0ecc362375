/**
 * A small picture of an image with the model's mask tinted over it, for the printable summary, as
 * a PNG data: URL (the summary stays one self-contained file). Sampled straight from the raster and
 * the model's grid (nearest pixel and cell), so a 12000 × 12000 scan costs no more than a small one.
 */
import { encode } from 'fast-png';
import { type Segmentation } from '../image/segmentation';
import { isForeground } from '../image/mask';
import { type Raster } from '../image/raster';
import { type IntensityWindow, windowUnit } from '../image/window';

/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIDE = 96;
/** The mask's tint (Okabe–Ito bluish green, the overlay's mask colour) and how much it covers. */
const TINT = [0, 158, 115] as const;
const TINT_OPACITY = 0.45;

export interface Thumbnail {
  readonly width: number;
  readonly height: number;
  /** RGB, 8-bit, row-major (width × height × 3). */
  readonly rgb: Uint8Array;
}

/** The model's probability at image pixel (x, y): its grid cell, 0 outside the box the model saw. */
function probabilityAt(s: Segmentation, x: number, y: number): number {
  if (x < s.box.x0 || x >= s.box.x1 || y < s.box.y0 || y >= s.box.y1) return 0;
  const scale = s.gridSize / s.region.size;
  const i = Math.min(s.gridSize - 1, Math.max(0, Math.floor((x + 0.5 - s.region.x) * scale)));
  const j = Math.min(s.gridSize - 1, Math.max(0, Math.floor((y + 0.5 - s.region.y) * scale)));
  return s.grid[j * s.gridSize + i];
}

/**
 * The image through `window` (as the view shows it), at most `side` pixels on its longer side,
 * with the pixels the model calls foreground at `threshold` tinted.
 */
export function thumbnail(raster: Raster, window: IntensityWindow, segmentation: Segmentation, threshold: number, side = THUMBNAIL_SIDE): Thumbnail {
  const scale = Math.min(1, side / Math.max(raster.width, raster.height));
  const width = Math.max(1, Math.round(raster.width * scale));
  const height = Math.max(1, Math.round(raster.height * scale));
  const rgb = new Uint8Array(width * height * 3);
  const invert = raster.scan?.invert ?? false;
  for (let ty = 0; ty < height; ty++) {
    const y = Math.min(raster.height - 1, Math.floor(((ty + 0.5) * raster.height) / height));
    for (let tx = 0; tx < width; tx++) {
      const x = Math.min(raster.width - 1, Math.floor(((tx + 0.5) * raster.width) / width));
      const tinted = isForeground(probabilityAt(segmentation, x, y), threshold);
      for (let c = 0; c < 3; c++) {
        const v = raster.data[(y * raster.width + x) * raster.channels + (raster.channels === 3 ? c : 0)];
        const unit = invert ? 1 - windowUnit(v, window) : windowUnit(v, window);
        const grey = unit * 255;
        rgb[(ty * width + tx) * 3 + c] = Math.round(tinted ? grey * (1 - TINT_OPACITY) + TINT[c] * TINT_OPACITY : grey);
      }
    }
  }
  return { width, height, rgb };
}

/** The thumbnail as a `data:image/png;base64,…` URL. */
export function thumbnailDataUrl(t: Thumbnail): string {
  const png = encode({ width: t.width, height: t.height, data: t.rgb, channels: 3, depth: 8 });
  let binary = '';
  for (let i = 0; i < png.length; i += 0x8000) binary += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}
