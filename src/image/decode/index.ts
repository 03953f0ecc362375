/**
 * Decodes an image file's bytes to a Raster. PNG, JPEG and BMP use portable decoders (the same
 * pixels in the browser and in Node); WebP and GIF go to `fallback`, which the browser supplies
 * (createImageBitmap) and Node does not.
 */
import { MAX_PIXELS, type Raster } from '../raster';
import { decodeBmp } from './bmp';
import { decodeDicom } from './dicom';
import { decodeTiff } from './tiff';
import { checkSize, decodeJpeg, decodePng, ImageDecodeError } from './portable';
import { FORMATS, formatLabels, type ImageFormat, sniffFormat } from './sniff';

export { ImageDecodeError } from './portable';
export { acceptAttribute, FORMATS, sniffFormat, type ImageFormat } from './sniff';

/** Files above this are refused before decoding: no real 2-D scan is this big. */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export type FallbackDecoder = (bytes: Uint8Array, format: ImageFormat) => Promise<Raster>;

/** Decodes frame `frame` (0-based) of a DICOM, page `frame` of a TIFF, or a single-image file (frame 0). */
/**
 * Refuses a float image (DICOM Float/Double Float Pixel Data, 32-bit float TIFF) with pixels that
 * are not finite numbers: the window would be ±∞ or NaN and the model would read them as values,
 * giving a mask that looks like an answer (and differs between backends).
 */
function finite(raster: Raster): Raster {
  if (!(raster.data instanceof Float32Array)) return raster;
  let bad = 0;
  for (const v of raster.data) if (!Number.isFinite(v)) bad++;
  if (bad > 0) throw new ImageDecodeError(`${bad} of ${raster.data.length} pixels are not finite numbers (NaN or ±∞)`);
  return raster;
}

export async function decodeImage(bytes: Uint8Array, fallback?: FallbackDecoder, frame = 0): Promise<Raster> {
  if (bytes.length === 0) throw new ImageDecodeError('the file is empty');
  if (bytes.length > MAX_FILE_BYTES) throw new ImageDecodeError(`the file is too large (${Math.round(bytes.length / 2 ** 20)} MiB)`);
  const format = sniffFormat(bytes);
  if (format === null) throw new ImageDecodeError(`not an image this app can read (${formatLabels()})`);
  if (format === 'dicom') return finite(await decodeDicom(bytes, frame));
  if (format === 'tiff') return finite(decodeTiff(bytes, frame));
  if (frame !== 0) throw new ImageDecodeError(`frame ${frame + 1} does not exist (the file has 1)`);
  if (format === 'png') return decodePng(bytes);
  if (format === 'jpeg') return decodeJpeg(bytes);
  if (format === 'bmp') return decodeBmp(bytes, checkSize);
  if (!fallback) throw new ImageDecodeError(`${FORMATS.find((f) => f.name === format)?.label ?? format} is only decoded in the browser`);
  const raster = await fallback(bytes, format);
  if (raster.width * raster.height > MAX_PIXELS) throw new ImageDecodeError('the image is too large');
  return raster;
}
