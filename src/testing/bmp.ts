/** Test helper shared by unit and e2e tests. */
/**
 * A minimal BMP writer for the tests: 24-bit pixels as [b, g, r] or 1-bit indices [0|1] with a
 * black/white palette, stored bottom-up (the common layout).
 */
export function bmp(width: number, height: number, bpp: 1 | 24, pixels: number[][]): Uint8Array {
  const stride = Math.floor((bpp * width + 31) / 32) * 4;
  const paletteBytes = bpp === 1 ? 8 : 0;
  const offset = 54 + paletteBytes;
  const file = new Uint8Array(offset + stride * height);
  const v = new DataView(file.buffer);
  file.set([0x42, 0x4d]);
  v.setUint32(2, file.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, bpp, true);
  if (bpp === 1) file.set([0, 0, 0, 0, 255, 255, 255, 0], 54);
  for (let i = 0; i < pixels.length; i++) {
    const storedRow = Math.floor(i / width);
    const x = i % width;
    const row = offset + storedRow * stride;
    if (bpp === 24) file.set(pixels[i], row + x * 3);
    else if (pixels[i][0]) file[row + (x >> 3)] |= 0x80 >> (x & 7);
  }
  return file;
}
