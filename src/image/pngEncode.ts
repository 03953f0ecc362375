/** PNG encoding of binary masks for export: 8-bit grayscale, 0 = background, 255 = foreground. */
import { encode } from 'fast-png';
import { type BinaryMask } from './mask';

export function encodeMaskPng(mask: BinaryMask): Uint8Array {
  const data = new Uint8Array(mask.data.length);
  for (let i = 0; i < data.length; i++) data[i] = mask.data[i] ? 255 : 0;
  return encode({ width: mask.width, height: mask.height, data, depth: 8, channels: 1 });
}
