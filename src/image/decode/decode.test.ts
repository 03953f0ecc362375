import { encode } from 'fast-png';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { bmp } from '../../testing/bmp';
import { decodeImage, sniffFormat } from './index';

const png = (data: Uint8Array | Uint16Array, width: number, height: number, channels: number, depth: 8 | 16) =>
  encode({ width, height, data, channels, depth });

describe('decodeImage', () => {
  it('reads 8-bit grey PNG values exactly', async () => {
    const raster = await decodeImage(png(Uint8Array.from([0, 1, 128, 255]), 2, 2, 1, 8));
    expect(raster).toMatchObject({ width: 2, height: 2, channels: 1, bitDepth: 8 });
    expect(Array.from(raster.data)).toEqual([0, 1, 128, 255]);
  });
  it('keeps 16-bit PNG samples at full depth', async () => {
    const raster = await decodeImage(png(Uint16Array.from([0, 1000, 40000, 65535]), 4, 1, 1, 16));
    expect(raster.bitDepth).toBe(16);
    expect(Array.from(raster.data)).toEqual([0, 1000, 40000, 65535]);
  });
  it('reads RGBA PNG as RGB, and grey RGB as one channel', async () => {
    const colour = await decodeImage(png(Uint8Array.from([255, 0, 0, 255, 0, 0, 255, 128]), 2, 1, 4, 8));
    expect(colour.channels).toBe(3);
    expect(Array.from(colour.data)).toEqual([255, 0, 0, 0, 0, 255]);
    const grey = await decodeImage(png(Uint8Array.from([7, 7, 7, 9, 9, 9]), 2, 1, 3, 8));
    expect(grey.channels).toBe(1);
    expect(Array.from(grey.data)).toEqual([7, 9]);
  });
  it('reads JPEG (lossy: values close to the source)', async () => {
    const width = 16;
    const height = 16;
    const rgba = new Uint8Array(width * height * 4).fill(200);
    const file = jpeg.encode({ width, height, data: rgba }, 95).data;
    expect(sniffFormat(file)).toBe('jpeg');
    const raster = await decodeImage(file);
    expect(raster).toMatchObject({ width, height, channels: 1 });
    for (const v of raster.data) expect(Math.abs(v - 200)).toBeLessThanOrEqual(2);
  });
  it('names what is wrong with bad files', async () => {
    await expect(decodeImage(new Uint8Array(0))).rejects.toThrow('the file is empty');
    await expect(decodeImage(new TextEncoder().encode('hello, not an image'))).rejects.toThrow('not an image');
    const good = png(new Uint8Array(64 * 64).fill(3), 64, 64, 1, 8);
    await expect(decodeImage(good.subarray(0, good.length - 30))).rejects.toThrow('corrupt PNG');
  });
  it('refuses an absurdly large image from its header without decoding it', async () => {
    const header = png(new Uint8Array(1), 1, 1, 1, 8).slice();
    new DataView(header.buffer).setUint32(16, 100_000);
    new DataView(header.buffer).setUint32(20, 100_000);
    await expect(decodeImage(header)).rejects.toThrow('too large');
  });
  it('leaves WebP to the browser decoder, and says so without one', async () => {
    const webp = new TextEncoder().encode('RIFF\0\0\0\0WEBPVP8 ');
    await expect(decodeImage(webp)).rejects.toThrow('only decoded in the browser');
  });
  it('reads 24-bit and 1-bit BMP, bottom-up', async () => {
    const colour = await decodeImage(bmp(2, 2, 24, [[0, 0, 255], [0, 255, 0], [255, 0, 0], [255, 255, 255]]));
    // Rows are stored bottom-up: the first stored row is the image's last.
    expect(colour.channels).toBe(3);
    expect(Array.from(colour.data)).toEqual([0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 255, 0]);
    const mask = await decodeImage(bmp(3, 1, 1, [[0], [1], [1]]));
    expect(mask.channels).toBe(1);
    expect(Array.from(mask.data)).toEqual([0, 255, 255]);
  });
  it('refuses RLE BMP by name', async () => {
    const file = bmp(1, 1, 24, [[1, 2, 3]]);
    new DataView(file.buffer).setUint32(30, 1, true);
    await expect(decodeImage(file)).rejects.toThrow('RLE8');
  });
});
