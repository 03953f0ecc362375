import { describe, expect, it } from 'vitest';
import { writeGreyTiff } from '../../testing/tiff';
import { decodeImage } from './index';

describe('TIFF decoding', () => {
  it('keeps 16-bit grey at full depth and makes each page a frame', async () => {
    const pages = [0, 1, 2].map((p) => Uint16Array.from({ length: 6 * 4 }, (_, i) => p * 20000 + i * 97));
    const bytes = writeGreyTiff(6, 4, pages);
    for (let p = 0; p < 3; p++) {
      const raster = await decodeImage(bytes, undefined, p);
      expect([raster.width, raster.height, raster.bitDepth, raster.scan?.frames, raster.scan?.frame]).toEqual([6, 4, 16, 3, p]);
      expect(Array.from(raster.data)).toEqual(Array.from(pages[p]));
    }
    await expect(decodeImage(bytes, undefined, 3)).rejects.toThrow(/page 4 does not exist \(the file has 3\)/);
  });

  it('reads 8-bit grey and refuses a corrupt file', async () => {
    const page = Uint8Array.from({ length: 12 }, (_, i) => i * 10);
    const raster = await decodeImage(writeGreyTiff(4, 3, [page]));
    expect(raster.bitDepth).toBe(8);
    expect(Array.from(raster.data)).toEqual(Array.from(page));
    const broken = writeGreyTiff(4, 3, [page]).slice(0, 20);
    await expect(decodeImage(broken)).rejects.toThrow(/TIFF/);
  });

  it('refuses a TIFF cut short, 8- or 16-bit, down to its header (UTIF would fill the rest with zeros)', async () => {
    for (const page of [Uint8Array.from({ length: 300 * 200 }, (_, i) => i % 251), Uint16Array.from({ length: 300 * 200 }, (_, i) => i)]) {
      const whole = writeGreyTiff(300, 200, [page]);
      expect((await decodeImage(whole)).width).toBe(300);
      for (const keep of [5000, 200]) {
        await expect(decodeImage(whole.slice(0, keep))).rejects.toThrow(new RegExp(`^truncated TIFF: its image data runs to byte ${whole.length}, the file has ${keep}$`));
      }
    }
  });

  it('keeps 32-bit float grey as real values, and refuses one with NaN or ±∞ pixels, naming how many', async () => {
    const page = Float32Array.from({ length: 4 * 3 }, (_, i) => i / 4 - 1);
    const raster = await decodeImage(writeGreyTiff(4, 3, [page]));
    expect([raster.bitDepth, Array.from(raster.data)]).toEqual([32, Array.from(page)]);
    for (const [bad, count] of [[[Number.NaN], 1], [[Infinity, -Infinity], 2]] as const) {
      const spoilt = page.slice();
      bad.forEach((v, i) => (spoilt[i * 5] = v));
      await expect(decodeImage(writeGreyTiff(4, 3, [spoilt]))).rejects.toThrow(`${count} of 12 pixels are not finite numbers (NaN or ±∞)`);
    }
  });

  it('keeps 16-bit PNG at full depth, and a single-image file has no second frame', async () => {
    const { encode } = await import('fast-png');
    const data = Uint16Array.from([0, 1, 4095, 65535]);
    const png = encode({ width: 2, height: 2, data, depth: 16, channels: 1 });
    const raster = await decodeImage(png);
    expect(raster.bitDepth).toBe(16);
    expect(Array.from(raster.data)).toEqual([0, 1, 4095, 65535]);
    await expect(decodeImage(png, undefined, 1)).rejects.toThrow(/frame 2 does not exist \(the file has 1\)/);
  });
});
