/**
 * The browser's own decoder for formats without a portable decoder here (BMP, WebP, GIF).
 * Works in a worker: createImageBitmap + OffscreenCanvas, with colour management off so
 * pixel values are the file's own. createImageBitmap expands an indexed-colour image (a palette
 * GIF) to its colours, so no palette indices come back from here; PNG and BMP, whose indices a
 * label image needs, never come here (decode/index.ts reads them with the portable decoders).
 */
import { type Raster, rasterFromInterleaved } from '../raster';
import { ImageDecodeError } from './portable';
import { type ImageFormat } from './sniff';

export async function decodeWithBrowser(bytes: Uint8Array, format: ImageFormat): Promise<Raster> {
  let bitmap: ImageBitmap;
  try {
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: `image/${format}` });
    bitmap = await createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new ImageDecodeError(`corrupt ${format.toUpperCase()} (the browser could not decode it)`);
  }
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new ImageDecodeError('no 2-D canvas available to decode the image');
    context.drawImage(bitmap, 0, 0);
    const pixels = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
    return rasterFromInterleaved(bitmap.width, bitmap.height, 4, pixels, 8);
  } finally {
    bitmap.close();
  }
}
