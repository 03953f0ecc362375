/**
 * Decoders that run identically in the browser and in Node (pure JS, well-kept packages):
 * PNG through fast-png (keeps 16-bit samples, handles palettes and sub-byte depths) and
 * baseline/progressive JPEG through jpeg-js. Using the same decoder on both sides is what makes
 * the app and `npm run segment` see the same pixels; the browser's own PNG path may also apply
 * gamma/colour management, which a scan must not get.
 */
import { convertIndexedToRgb, decode as decodePngFile } from 'fast-png';
import jpeg from 'jpeg-js';
import { applyOrientation, exifOrientation } from '../exifOrientation';
import { MAX_PIXELS, type Raster, rasterFromInterleaved } from '../raster';

/**
 * A file that cannot be read as an image, with one line saying why. Messages quoted from the
 * decoders are tidied: "corrupt PNG (Error while decompressing the data:)" loses its dangling colon.
 */
export class ImageDecodeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message.replace(/\s*[:;,]\s*\)/g, ')').replace(/[\s:;,]+$/, ''), options);
  }
}

export function checkSize(width: number, height: number): void {
  if (width <= 0 || height <= 0) throw new ImageDecodeError('the image has no pixels');
  if (width * height > MAX_PIXELS) {
    throw new ImageDecodeError(`the image is too large (${width}×${height}; at most ${MAX_PIXELS / 1e6} megapixels)`);
  }
}

/**
 * Unpacks 1/2/4-bit samples (rows padded to whole bytes) and stretches them to 0–255, or with
 * `stretch` false keeps them as they are (palette indices).
 */
function unpackSubByte(packed: ArrayLike<number>, width: number, height: number, channels: number, depth: number, stretch = true): Uint8Array {
  const perRow = width * channels;
  const rowBytes = Math.ceil((perRow * depth) / 8);
  const max = (1 << depth) - 1;
  const out = new Uint8Array(perRow * height);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = packed[y * rowBytes + (bit >> 3)];
      const value = (byte >> (8 - depth - (bit & 7))) & max;
      out[y * perRow + i] = stretch ? Math.round((value * 255) / max) : value;
    }
  }
  return out;
}

/** Width and height from the IHDR chunk, read before inflating anything. */
function pngHeaderSize(bytes: Uint8Array): [number, number] {
  if (bytes.length < 24) throw new ImageDecodeError('corrupt PNG (truncated header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return [view.getUint32(16), view.getUint32(20)];
}

export function decodePng(bytes: Uint8Array): Raster {
  // Refuse a huge image from its header, before decoding allocates for it.
  checkSize(...pngHeaderSize(bytes));
  let png;
  try {
    png = decodePngFile(bytes);
  } catch (e) {
    throw new ImageDecodeError(`corrupt PNG (${(e as Error).message})`);
  }
  checkSize(png.width, png.height);
  if (png.palette) {
    const rgb = convertIndexedToRgb(png);
    const channels = rgb.length / (png.width * png.height);
    // The indices too: a palette label image's class values are its indices, not its colours.
    const paletteIndices = png.depth < 8 ? unpackSubByte(png.data, png.width, png.height, 1, png.depth, false) : Uint8Array.from(png.data);
    return { ...rasterFromInterleaved(png.width, png.height, channels, rgb, 8), paletteIndices };
  }
  if (png.depth < 8) {
    const data = unpackSubByte(png.data, png.width, png.height, png.channels, png.depth);
    return rasterFromInterleaved(png.width, png.height, png.channels, data, 8);
  }
  return rasterFromInterleaved(png.width, png.height, png.channels, png.data, png.depth === 16 ? 16 : 8);
}

export function decodeJpeg(bytes: Uint8Array): Raster {
  let image;
  try {
    // maxMemoryUsageInMB guards against a hostile header claiming gigapixels.
    image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 2048, maxResolutionInMP: MAX_PIXELS / 1e6 });
  } catch (e) {
    throw new ImageDecodeError(`corrupt JPEG (${(e as Error).message})`);
  }
  checkSize(image.width, image.height);
  // Upright as every browser shows it (EXIF Orientation), so view, model input and mask agree with what the user sees elsewhere.
  return applyOrientation(rasterFromInterleaved(image.width, image.height, 4, image.data, 8), exifOrientation((image as { exifBuffer?: Uint8Array }).exifBuffer));
}
