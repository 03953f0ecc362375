/**
 * Windows BMP decoder (pure JS, so the app and the command line read BMP identically):
 * 1/4/8-bit palette, 16-bit (5-5-5 or bit fields), 24-bit and 32-bit, bottom-up or top-down.
 * PH² dermoscopy ships its images as 24-bit and its lesion masks as 1-bit BMPs.
 * RLE-compressed BMPs are refused with their compression named.
 */
import { type Raster, rasterFromInterleaved } from '../raster';
import { ImageDecodeError } from './portable';

const BI_RGB = 0;
const BI_BITFIELDS = 3;
const BI_ALPHABITFIELDS = 6;

function channelFromMask(value: number, mask: number): number {
  if (mask === 0) return 0;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return Math.round((((value & mask) >>> shift) * 255) / max);
}

export function decodeBmp(bytes: Uint8Array, checkSize: (w: number, h: number) => void): Raster {
  if (bytes.length < 54) throw new ImageDecodeError('corrupt BMP (truncated header)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataOffset = view.getUint32(10, true);
  const dibSize = view.getUint32(14, true);
  if (dibSize < 40) throw new ImageDecodeError('unsupported BMP (OS/2 core header)');
  const width = view.getInt32(18, true);
  const rawHeight = view.getInt32(22, true);
  const topDown = rawHeight < 0;
  const height = Math.abs(rawHeight);
  const bpp = view.getUint16(28, true);
  const compression = view.getUint32(30, true);
  checkSize(width, height);
  if (compression !== BI_RGB && compression !== BI_BITFIELDS && compression !== BI_ALPHABITFIELDS) {
    const names: Record<number, string> = { 1: 'RLE8', 2: 'RLE4', 4: 'embedded JPEG', 5: 'embedded PNG' };
    throw new ImageDecodeError(`unsupported BMP compression (${names[compression] ?? compression})`);
  }
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  if (dataOffset + stride * height > bytes.length) throw new ImageDecodeError('corrupt BMP (pixel data is truncated)');

  let palette: Uint8Array | null = null;
  if (bpp <= 8) {
    const count = view.getUint32(46, true) || 2 ** bpp;
    const start = 14 + dibSize;
    palette = new Uint8Array(count * 3);
    for (let i = 0; i < count && start + i * 4 + 2 < bytes.length; i++) {
      palette[i * 3] = bytes[start + i * 4 + 2];
      palette[i * 3 + 1] = bytes[start + i * 4 + 1];
      palette[i * 3 + 2] = bytes[start + i * 4];
    }
  } else if (![16, 24, 32].includes(bpp)) {
    throw new ImageDecodeError(`unsupported BMP bit depth (${bpp})`);
  }
  let masks = bpp === 16 ? [0x7c00, 0x03e0, 0x001f] : [0xff0000, 0xff00, 0xff];
  if (compression !== BI_RGB && (bpp === 16 || bpp === 32)) masks = [view.getUint32(54, true), view.getUint32(58, true), view.getUint32(62, true)];

  const rgb = new Uint8Array(width * height * 3);
  const indices = palette ? new Uint8Array(width * height) : null;
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (palette) {
        const bit = x * bpp;
        const index = (bytes[row + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
        (indices as Uint8Array)[y * width + x] = index;
        rgb[o] = palette[index * 3] ?? 0;
        rgb[o + 1] = palette[index * 3 + 1] ?? 0;
        rgb[o + 2] = palette[index * 3 + 2] ?? 0;
      } else if (bpp === 24 || (bpp === 32 && compression === BI_RGB)) {
        const p = row + x * (bpp / 8);
        rgb[o] = bytes[p + 2];
        rgb[o + 1] = bytes[p + 1];
        rgb[o + 2] = bytes[p];
      } else {
        const value = bpp === 16 ? view.getUint16(row + x * 2, true) : view.getUint32(row + x * 4, true);
        rgb[o] = channelFromMask(value, masks[0]);
        rgb[o + 1] = channelFromMask(value, masks[1]);
        rgb[o + 2] = channelFromMask(value, masks[2]);
      }
    }
  }
  const raster = rasterFromInterleaved(width, height, 3, rgb, 8);
  // A palette BMP keeps its indices as well (a label image's class values; raster.ts).
  return indices ? { ...raster, paletteIndices: indices } : raster;
}
