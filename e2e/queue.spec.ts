/**
 * The review queue with the bundled model: scans it is sure about and scans it is not, ordered
 * most uncertain first; `n` walks the unreviewed ones in that order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { expect, test } from './test';

/** A fixture scan with its contrast scaled towards mid-grey by `keep` (1 = as is) and noise added. */
function degraded(n: number, keep: number, noise: number): Buffer {
  const png = decode(readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', `scan${n}.png`)));
  let seed = n * 7919;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const data = Uint8Array.from(png.data as Uint8Array, (v) => Math.max(0, Math.min(255, Math.round(128 + (v - 128) * keep + (rand() - 0.5) * noise))));
  return Buffer.from(encode({ width: png.width, height: png.height, data, channels: 1, depth: 8 }));
}

test('the queue puts the scans the model is unsure about first, and n walks them in that order', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  const files = [
    { name: 'clear1.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan1.png')) },
    { name: 'clear2.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan2.png')) },
    { name: 'faint3.png', buffer: degraded(3, 0.25, 60) },
    { name: 'faint4.png', buffer: degraded(4, 0.15, 90) },
  ];
  await studio.dropFiles(files);
  await studio.waitAllSettled(files.length);
  const rows = studio.byId('image-list.item');
  const names = async () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
  const shares = async () => rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-uncertain'))));
  // By name first; the first image is selected.
  expect(await names()).toEqual(['clear1.png', 'clear2.png', 'faint3.png', 'faint4.png']);
  await studio.byId('image-list.order').selectOption('uncertainty');
  // Measured: faint4 3.9 %, faint3 1.5 %, clear1 1.0 %, clear2 0.9 % of the model's pixels in [0.1, 0.9].
  expect(await names()).toEqual(['faint4.png', 'faint3.png', 'clear1.png', 'clear2.png']);
  const unsure = await shares();
  expect(unsure).toEqual([...unsure].sort((a, b) => b - a));
  expect(unsure[0]).toBeGreaterThan(2 * unsure[2]);
  await expect(studio.item('faint4.png').getByTestId('image-list.uncertain')).toHaveText(/^ · unsure \d+\.\d %$/);

  // n: the next unreviewed image after the selected one in that order, wrapping round.
  const selected = () => studio.byId('image-list').locator('.item-select[aria-current="true"]');
  await expect(selected()).toHaveAttribute('title', 'clear1.png');
  for (const next of ['clear2.png', 'faint4.png', 'faint3.png']) {
    await page.keyboard.press('n');
    await expect(selected()).toHaveAttribute('title', next);
  }
  // Once corrected, an image leaves the queue: the filter no longer shows it, and n goes back to
  // the most uncertain image still to review.
  await studio.byId('editor.start').click();
  await studio.byId('editor.accept').click();
  await studio.byId('image-list.filter').selectOption('not-reviewed');
  expect(await names()).toEqual(['faint4.png', 'clear1.png', 'clear2.png']);
  await page.keyboard.press('n');
  await expect(selected()).toHaveAttribute('title', 'faint4.png');
  await page.keyboard.press('n');
  await expect(selected()).toHaveAttribute('title', 'clear1.png');
});
