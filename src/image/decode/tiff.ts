/**
 * TIFF through UTIF (photopea's decoder: uncompressed, LZW, Deflate, PackBits, JPEG): 8- and 16-bit
 * grey keep their full depth, 32-bit float grey is kept as real values, each page of a multi-page
 * file is a frame; anything else (palettes, CMYK, 1-bit…) goes through UTIF's 8-bit RGBA.
 * Reduced-resolution pages (thumbnails, pyramid levels) are not frames.
 */
import UTIF from 'utif2';
import { MAX_PIXELS, type Raster, rasterFromInterleaved, type ScanInfo } from '../raster';
import { ImageDecodeError } from './portable';

const COMPRESSION: Record<number, string> = { 1: 'none', 5: 'LZW', 7: 'JPEG', 8: 'Deflate', 32773: 'PackBits', 32946: 'Deflate' };

const first = (value: unknown, fallback: number): number => (Array.isArray(value) && typeof value[0] === 'number' ? value[0] : fallback);

/** mm per unit of ImageJ's `unit=` in ImageDescription. */
const IMAGEJ_UNITS: Record<string, number> = { mm: 1, millimeter: 1, cm: 10, micron: 1e-3, um: 1e-3, 'µm': 1e-3, nm: 1e-6, m: 1000 };

/**
 * Pixel spacing (row, column, mm) from the TIFF's resolution: XResolution/YResolution are pixels
 * per unit. The unit is ImageJ's `unit=` in ImageDescription when it names a length, else
 * ResolutionUnit centimetre. An inch (ResolutionUnit 2, also the default) is trusted only when no
 * screen or print default (72, 96, 150, 300, 600 dpi) could be meant: those are what every
 * non-imaging program writes, and reading them as a physical size would give lengths that look
 * right and are not.
 */
export function tiffPixelSpacing(ifd: UTIF.IFD): [number, number] | null {
  // UTIF gives a RATIONAL as [[numerator, denominator]].
  const rational = (v: unknown): number => {
    const r = Array.isArray(v) ? (v[0] as unknown) : undefined;
    if (Array.isArray(r) && typeof r[0] === 'number' && typeof r[1] === 'number') return r[1] > 0 ? r[0] / r[1] : 0;
    return typeof r === 'number' ? r : 0;
  };
  const x = rational(ifd.t282);
  const y = rational(ifd.t283) || x;
  if (!(x > 0) || !(y > 0)) return null;
  const description = Array.isArray(ifd.t270) ? String(ifd.t270[0]) : '';
  const imagej = /(?:^|\n)unit=([^\n]+)/.exec(description)?.[1]?.trim().replace(/\\u00B5m/i, 'µm');
  let mmPerUnit: number | null = null;
  if (imagej && IMAGEJ_UNITS[imagej] !== undefined) mmPerUnit = IMAGEJ_UNITS[imagej];
  else if (first(ifd.t296, 2) === 3) mmPerUnit = 10;
  else if (first(ifd.t296, 2) === 2 && ![72, 96, 150, 300, 600].includes(Math.round(x))) mmPerUnit = 25.4;
  return mmPerUnit === null ? null : [mmPerUnit / y, mmPerUnit / x];
}

/** Where the page's image data ends (the furthest strip or tile: offset + byte count), 0 if the tags are missing. */
function dataEnd(ifd: UTIF.IFD): number {
  const offsets = (ifd.t273 ?? ifd.t324) as unknown;
  const counts = (ifd.t279 ?? ifd.t325) as unknown;
  if (!Array.isArray(offsets) || !Array.isArray(counts)) return 0;
  let end = 0;
  for (let i = 0; i < Math.min(offsets.length, counts.length); i++) end = Math.max(end, Number(offsets[i]) + Number(counts[i]));
  return end;
}

export function decodeTiff(bytes: Uint8Array, frame = 0): Raster {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let pages: UTIF.IFD[];
  try {
    pages = UTIF.decode(buffer).filter((ifd) => (first(ifd.t254, 0) & 1) === 0 && ifd.t256 !== undefined);
  } catch (e) {
    throw new ImageDecodeError(`corrupt TIFF (${(e as Error).message})`);
  }
  if (pages.length === 0) throw new ImageDecodeError('the TIFF holds no image');
  if (frame < 0 || frame >= pages.length) throw new ImageDecodeError(`page ${frame + 1} does not exist (the file has ${pages.length})`);
  const ifd = pages[frame];
  const width = first(ifd.t256, 0);
  const height = first(ifd.t257, 0);
  if (width <= 0 || height <= 0) throw new ImageDecodeError('the TIFF page has no pixels');
  if (width * height > MAX_PIXELS) throw new ImageDecodeError(`the image is too large (${width}×${height})`);
  // UTIF reads what is there and leaves the rest of the page zero: a cut-short file would pass as an image.
  const end = dataEnd(ifd);
  if (end > bytes.length) throw new ImageDecodeError(`truncated TIFF: its image data runs to byte ${end}, the file has ${bytes.length}`);
  try {
    UTIF.decodeImage(buffer, ifd);
  } catch (e) {
    throw new ImageDecodeError(`corrupt TIFF (${(e as Error).message})`);
  }
  const bits = first(ifd.t258, 1);
  const samples = first(ifd.t277, 1);
  const photometric = first(ifd.t262, 1);
  const format = first(ifd.t339, 1); // 1 unsigned, 2 signed, 3 float
  const little = bytes[0] === 0x49;
  const n = width * height;
  const scan: ScanInfo = {
    format: 'TIFF',
    frames: pages.length,
    frame,
    invert: photometric === 0,
    window: null,
    pixelSpacing: tiffPixelSpacing(ifd),
    bitsStored: bits,
    signed: format === 2,
    rescale: null,
    facts: [
      ['Size', `${width} × ${height}${pages.length > 1 ? `, page ${frame + 1} of ${pages.length}` : ''}`],
      ['Bits', `${bits} × ${samples} sample${samples > 1 ? 's' : ''}${format === 3 ? ' (float)' : format === 2 ? ' (signed)' : ''}`],
      ['Compression', COMPRESSION[first(ifd.t259, 1)] ?? String(first(ifd.t259, 1))],
    ],
  };
  const data = ifd.data;
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const grey = samples === 1 && (photometric === 0 || photometric === 1);
  if (grey && bits === 8 && format !== 2) return { ...rasterFromInterleaved(width, height, 1, data.subarray(0, n), 8), scan };
  if (grey && bits === 16 && data.length >= n * 2) {
    if (format === 2) {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(i * 2, little);
      return { width, height, channels: 1, data: out, bitDepth: 32, scan };
    }
    const out = new Uint16Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getUint16(i * 2, little);
    return { width, height, channels: 1, data: out, bitDepth: 16, scan };
  }
  if (grey && bits === 32 && format === 3 && data.length >= n * 4) {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, little);
    return { width, height, channels: 1, data: out, bitDepth: 32, scan };
  }
  if (photometric === 2 && samples >= 3 && bits === 16 && data.length >= n * samples * 2) {
    const out = new Uint16Array(n * samples);
    for (let i = 0; i < n * samples; i++) out[i] = view.getUint16(i * 2, little);
    return { ...rasterFromInterleaved(width, height, samples, out, 16), scan };
  }
  return { ...rasterFromInterleaved(width, height, 4, UTIF.toRGBA8(ifd), 8), scan: { ...scan, invert: false } };
}
