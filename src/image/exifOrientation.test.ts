import { describe, expect, it } from 'vitest';
import { orientedJpeg } from '../testing/exifJpeg';
import { decodeImage } from './decode';
import { applyOrientation } from './exifOrientation';
import { type Raster } from './raster';

const letters = (r: Raster) => {
  const rows: string[] = [];
  for (let y = 0; y < r.height; y++) rows.push(Array.from(r.data.slice(y * r.width, (y + 1) * r.width), (v) => 'abcdef'[v]).join(''));
  return rows.join('/');
};

describe('EXIF orientation', () => {
  it('turns pixels as the eight orientations say', () => {
    const raster: Raster = { width: 3, height: 2, channels: 1, bitDepth: 8, data: Uint8Array.from([0, 1, 2, 3, 4, 5]) };
    const expected = ['abc/def', 'cba/fed', 'fed/cba', 'def/abc', 'ad/be/cf', 'da/eb/fc', 'fc/eb/da', 'cf/be/ad'];
    expected.forEach((want, i) => expect(letters(applyOrientation(raster, i + 1))).toBe(want));
  });

  // 16×24 image of 8×8 blocks (JPEG keeps block means at quality 100): block (bx, by) = 30 + 40·(2·by + bx).
  const W = 16;
  const H = 24;
  const grey = Uint8Array.from({ length: W * H }, (_, i) => 30 + 40 * (2 * Math.floor(Math.floor(i / W) / 8) + Math.floor((i % W) / 8)));
  const blockAt = (r: Raster, bx: number, by: number) => r.data[((by * 8 + 4) * r.width + bx * 8 + 4) * r.channels];

  it('decodes a JPEG upright whatever its orientation tag and byte order', async () => {
    for (const bigEndian of [true, false]) {
      const upright = await decodeImage(orientedJpeg(grey, W, H, 1, bigEndian));
      expect([upright.width, upright.height]).toEqual([W, H]);
      expect(Math.abs(blockAt(upright, 0, 0) - 30)).toBeLessThan(4);
      // Orientation 6: stored pixels are shown rotated 90° clockwise, so the stored bottom-left
      // block (0, 2) = 30 + 40·4 = 190 is now top-left, and stored top-left (0, 0) is top-right.
      const six = await decodeImage(orientedJpeg(grey, W, H, 6, bigEndian));
      expect([six.width, six.height]).toEqual([H, W]);
      expect(Math.abs(blockAt(six, 0, 0) - 190)).toBeLessThan(4);
      expect(Math.abs(blockAt(six, 2, 0) - 30)).toBeLessThan(4);
      // Orientation 8 (90° anticlockwise): stored top-right block (1, 0) = 70 is now top-left.
      const eight = await decodeImage(orientedJpeg(grey, W, H, 8, bigEndian));
      expect(Math.abs(blockAt(eight, 0, 0) - 70)).toBeLessThan(4);
      // Orientation 3 (180°): stored bottom-right (1, 2) = 230 is now top-left.
      const three = await decodeImage(orientedJpeg(grey, W, H, 3, bigEndian));
      expect([three.width, three.height]).toEqual([W, H]);
      expect(Math.abs(blockAt(three, 0, 0) - 230)).toBeLessThan(4);
    }
  });
});
