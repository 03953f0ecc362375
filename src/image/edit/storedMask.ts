/** A corrected mask read back from its 0/255 PNG (as encodeMaskPng writes it): non-zero is foreground. */
import { decode } from 'fast-png';
import { type BinaryMask } from '../mask';

export function maskFromPng(bytes: Uint8Array): BinaryMask {
  const png = decode(bytes);
  const n = png.width * png.height;
  const data = new Uint8Array(n);
  for (let i = 0; i < n; i++) data[i] = png.data[i * png.channels] ? 1 : 0;
  return { width: png.width, height: png.height, data };
}
