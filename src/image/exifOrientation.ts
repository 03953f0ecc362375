/**
 * EXIF Orientation (tag 0x0112, TIFF/EP and Exif 2.3 §4.6.4): a camera or phone stores the
 * sensor's pixels as read out and says in a tag how to turn them for display. Every browser and OS
 * applies it (CSS `image-orientation: from-image` is the default), so a JPEG that ignores it is
 * shown, segmented and exported sideways, and a mask drawn on the upright image will not fit.
 * The tag is read with utif2 (the TIFF parser the app already uses: an EXIF block is a TIFF
 * structure); the pixels are turned here (eight index maps, no resampling).
 */
import UTIF from 'utif2';
import { type Raster } from './raster';

/** Orientation 1…8 from an EXIF block (starting at its TIFF header, or one byte before it as jpeg-js gives it); 1 when absent or unreadable. */
export function exifOrientation(exif: Uint8Array | undefined | null): number {
  if (!exif || exif.length < 8) return 1;
  const start = exif[0] === 0 ? 1 : 0; // jpeg-js keeps the second NUL of "Exif\0\0"
  const tiff = exif.slice(start);
  try {
    const [ifd] = UTIF.decode(tiff.buffer as ArrayBuffer);
    const value = Array.isArray(ifd?.t274) ? Number(ifd.t274[0]) : 1;
    return Number.isInteger(value) && value >= 1 && value <= 8 ? value : 1;
  } catch {
    return 1; // a broken EXIF block: show the pixels as stored, as browsers do
  }
}

/** What an orientation does, in words, for the image's facts. */
export const ORIENTATION_NAMES: Readonly<Record<number, string>> = {
  1: 'as stored',
  2: 'mirrored left–right',
  3: 'rotated 180°',
  4: 'mirrored top–bottom',
  5: 'transposed (mirrored, rotated 90° anticlockwise)',
  6: 'rotated 90° clockwise',
  7: 'transversed (mirrored, rotated 90° clockwise)',
  8: 'rotated 90° anticlockwise',
};

/**
 * The raster as displayed under EXIF orientation `orientation` (1…8): for 5–8 width and height
 * swap. Returns the same raster for 1.
 */
export function applyOrientation(raster: Raster, orientation: number): Raster {
  if (orientation <= 1 || orientation > 8) return raster;
  const { width: w, height: h, channels: c } = raster;
  const swap = orientation >= 5;
  const ow = swap ? h : w;
  const oh = swap ? w : h;
  // Source pixel of output (x, y), per orientation.
  const source: (x: number, y: number) => number = {
    2: (x: number, y: number) => y * w + (w - 1 - x),
    3: (x: number, y: number) => (h - 1 - y) * w + (w - 1 - x),
    4: (x: number, y: number) => (h - 1 - y) * w + x,
    5: (x: number, y: number) => x * w + y,
    6: (x: number, y: number) => (h - 1 - x) * w + y,
    7: (x: number, y: number) => (h - 1 - x) * w + (w - 1 - y),
    8: (x: number, y: number) => x * w + (w - 1 - y),
  }[orientation] as (x: number, y: number) => number;
  const src = raster.data;
  const out = new (src.constructor as new (n: number) => typeof src)(src.length);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      const from = source(x, y) * c;
      const to = (y * ow + x) * c;
      for (let k = 0; k < c; k++) out[to + k] = src[from + k];
    }
  }
  return { ...raster, width: ow, height: oh, data: out };
}
