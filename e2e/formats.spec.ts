/**
 * The same scan as PNG, JPEG, BMP and WebP: every format decodes, segments and scores like the
 * PNG (JPEG and WebP are lossy, so within a small margin).
 */
import jpeg from 'jpeg-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../src/image/decode';
import { bmp } from '../src/testing/bmp';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { expect, test } from './test';

test('PNG, JPEG, BMP and WebP scans all segment and score alike', async ({ studio, page }) => {
  const png = readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan2.png'));
  const mask = readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', 'scan2.png'));
  const raster = await decodeImage(new Uint8Array(png));
  const { width, height } = raster;
  const rgba = new Uint8Array(width * height * 4);
  raster.data.forEach((v, i) => rgba.set([v, v, v, 255], i * 4));
  const jpg = Buffer.from(jpeg.encode({ width, height, data: rgba }, 95).data);
  const bottomUp: number[][] = [];
  for (let y = height - 1; y >= 0; y--) for (let x = 0; x < width; x++) bottomUp.push(Array(3).fill(raster.data[y * width + x]));
  const bmpFile = Buffer.from(bmp(width, height, 24, bottomUp));
  const webp = Buffer.from(
    await page.evaluate(async (b64) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
      canvas.getContext('2d')?.drawImage(bitmap, 0, 0);
      const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 1 });
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    }, png.toString('base64')),
  );
  expect(webp.subarray(8, 12).toString()).toBe('WEBP');

  await studio.open('?backend=wasm');
  await studio.waitReady();
  const files = [
    { name: 'p.png', buffer: png },
    { name: 'j.jpg', buffer: jpg, type: 'image/jpeg' },
    { name: 'b.bmp', buffer: bmpFile, type: 'image/bmp' },
    { name: 'w.webp', buffer: webp, type: 'image/webp' },
  ];
  await studio.dropFiles([...files, ...files.map((f) => ({ name: f.name.replace(/\..*/, '_mask.png'), buffer: mask }))]);
  await studio.waitAllSettled(4);
  const dice: Record<string, number> = {};
  for (const f of files) {
    await expect(studio.item(f.name)).toHaveAttribute('data-status', 'done');
    await studio.item(f.name).click();
    await expect(studio.byId('metrics.selected')).toContainText(f.name);
    dice[f.name] = await studio.selectedDice();
  }
  expect(dice['p.png']).toBeGreaterThan(0.9);
  expect(dice['b.bmp']).toBe(dice['p.png']);
  expect(Math.abs(dice['j.jpg'] - dice['p.png'])).toBeLessThan(0.01);
  expect(Math.abs(dice['w.webp'] - dice['p.png'])).toBeLessThan(0.01);
});
