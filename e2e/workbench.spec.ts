/**
 * The core journey on generated scans with the bundled model (WASM, so it is quick on a CPU):
 * drop images and masks, read the overlay and the Dice, move the threshold, place a crop, export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { expect, test } from './test';
import { parseCsv, readMask, readZip, scoreMasks } from './helpers';
import { FIXTURES_DIR, SYNTHETIC_COUNT } from './fixtures/makeFixtures';

const synthetic = (kind: 'images' | 'masks', i: number) => readFileSync(join(FIXTURES_DIR, 'synthetic', kind, `scan${i}.png`));

function dropSet() {
  const files = [];
  for (let i = 1; i <= SYNTHETIC_COUNT; i++) {
    files.push({ name: `scan${i}.png`, buffer: synthetic('images', i) });
    files.push({ name: `scan${i}_mask.png`, buffer: synthetic('masks', i) });
  }
  const small = Buffer.from(encode({ width: 10, height: 10, data: new Uint8Array(100), channels: 1, depth: 8 }));
  files.push({ name: 'odd.png', buffer: synthetic('images', 1) }, { name: 'odd_mask.png', buffer: small });
  files.push({ name: 'notes.png', buffer: Buffer.from('these are not pixels') });
  files.push({ name: 'empty.png', buffer: Buffer.alloc(0) });
  files.push({ name: 'truncated.png', buffer: synthetic('images', 2).subarray(0, 2000) });
  files.push({ name: 'dot.png', buffer: Buffer.from(encode({ width: 1, height: 1, data: new Uint8Array([200]), channels: 1, depth: 8 })) });
  return files;
}

test('drop scans and masks, see overlay and Dice, move the threshold, export', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  expect(await studio.waitReady()).toBe('wasm');
  await studio.dropFiles(dropSet());
  await studio.waitAllSettled(SYNTHETIC_COUNT + 5);

  // Bad files get a one-line reason; the others carry on.
  await expect(studio.item('notes.png')).toHaveAttribute('data-status', 'error');
  await expect(studio.item('notes.png')).toContainText('not an image');
  await expect(studio.item('empty.png')).toContainText('empty');
  await expect(studio.item('truncated.png')).toContainText('corrupt PNG');
  // A 1×1 "image" is refused, not segmented as 100 % foreground and exported.
  await expect(studio.item('dot.png')).toHaveAttribute('data-status', 'error');
  await expect(studio.item('dot.png')).toContainText('only 1×1 pixels: too small to segment');
  await expect(studio.item('odd.png')).toHaveAttribute('data-status', 'done');
  await expect(studio.item('odd.png').getByTestId('image-list.mask-error')).toContainText('10×10 but the image is 400×270');

  // Overlay and Dice for the selected pair; the mean covers the four scoreable pairs.
  await studio.item('scan1.png').click();
  await expect(studio.byId('metrics.selected')).toContainText('scan1.png');
  expect(await studio.paintedFraction('viewer.overlay')).toBeGreaterThan(0.05);
  const dice = await studio.selectedDice();
  expect(dice).toBeGreaterThan(0.9);
  await expect(studio.byId('metrics.mean')).toContainText('Mean of 4 pairs');
  const mean = await studio.meanDice();
  expect(mean).toBeGreaterThan(0.9);

  // The Dice follows the threshold, by slider and by keyboard.
  await studio.setThreshold(0.999);
  const strictDice = await studio.selectedDice();
  expect(Math.abs(strictDice - dice)).toBeGreaterThan(1e-3);
  expect(await studio.meanDice()).not.toBe(mean);
  await page.locator('body').press(']');
  await expect(studio.byId('controls.threshold-value')).toHaveText('1.000');
  await studio.setThreshold(0.5);
  expect(await studio.selectedDice()).toBe(dice);

  // Overlay styles by keyboard: outline paints less than fill.
  const filled = await studio.paintedFraction('viewer.overlay');
  await page.locator('body').press('2');
  await expect(studio.byId('controls.overlay-outline')).toBeChecked();
  expect(await studio.paintedFraction('viewer.overlay')).toBeLessThan(filled / 3);
  await page.locator('body').press('4');
  await expect(studio.byId('controls.overlay-errors')).toBeChecked();

  // Export: one ZIP with a 0/255 mask per segmented image at its original size, and metrics.csv.
  const zip = readZip(await (await studio.download('export.zip')).path());
  const maskNames = Object.keys(zip).filter((n) => n.startsWith('masks/')).sort();
  expect(maskNames).toEqual(['masks/odd.png', 'masks/scan1.png', 'masks/scan2.png', 'masks/scan3.png', 'masks/scan4.png']);
  const exported = await readMask(zip['masks/scan1.png']);
  expect([exported.width, exported.height]).toEqual([400, 270]);
  expect([...exported.values].sort((a, b) => a - b)).toEqual([0, 255]);
  const truth = await readMask(synthetic('masks', 1));
  // The exported mask scores exactly what the page showed (fit mode: the whole image).
  expect(scoreMasks(exported, truth).dice).toBeCloseTo(dice, 12);
  const rows = parseCsv(new TextDecoder().decode(zip['metrics.csv']));
  expect(Object.keys(rows[0])).toEqual(['file', 'dice', 'iou', 'precision', 'recall', 'threshold', 'model', 'backend']);
  expect(rows.map((r) => r.file)).toEqual(['scan1.png', 'scan2.png', 'scan3.png', 'scan4.png', '(mean of 4 pairs)']);
  expect(Number(rows[0].dice)).toBeCloseTo(dice, 5);
  expect(rows[0]).toMatchObject({ threshold: '0.5', model: 'unet-hc18-b16', backend: 'wasm' });

  const single = await studio.download('export.mask');
  expect(single.suggestedFilename()).toBe('scan1.png');
});

test('place a square crop: the model sees it and metrics cover it', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([
    { name: 'scan3.png', buffer: synthetic('images', 3) },
    { name: 'scan3_mask.png', buffer: synthetic('masks', 3) },
  ]);
  await studio.waitAllSettled(1);
  const region = studio.byId('viewer.region');
  await expect(region).toHaveAttribute('aria-valuetext', 'x 0, y -65, size 400 pixels');

  await studio.byId('controls.geometry-crop').check();
  await expect(region).toHaveAttribute('aria-valuetext', 'x 65, y 0, size 270 pixels');
  await studio.waitAllSettled(1);

  // Drag the crop to the left edge with the mouse, then shrink it from the keyboard (checking the
  // radio above scrolled the page; bring the frame back into view as a user would).
  await region.scrollIntoViewIfNeeded();
  const box = await region.boundingBox();
  if (!box) throw new Error('region frame not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 300, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(region).toHaveAttribute('aria-valuetext', 'x 0, y 0, size 270 pixels');
  await region.focus();
  await region.press('-');
  await expect(region).toHaveAttribute('aria-valuetext', 'x 0, y 0, size 266 pixels');
  await studio.waitAllSettled(1);

  // The exported mask is zero outside the crop.
  const exported = await readMask(await readFileAsBytes(await (await studio.download('export.mask')).path()));
  let outside = 0;
  let inside = 0;
  for (let y = 0; y < exported.height; y++) {
    for (let x = 0; x < exported.width; x++) {
      if (exported.data[y * exported.width + x] === 1) {
        if (x >= 266) outside++;
        else inside++;
      }
    }
  }
  expect(outside).toBe(0);
  expect(inside).toBeGreaterThan(1000);
  expect(await studio.selectedDice()).toBeGreaterThan(0);
});

test('pasted screenshots each get their own entry', async ({ studio }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.pasteFiles([{ name: 'image.png', buffer: synthetic('images', 1) }]);
  await studio.pasteFiles([{ name: 'image.png', buffer: synthetic('images', 2) }]);
  await studio.waitAllSettled(2);
  await expect(studio.page.locator('[data-testid="image-list.item"][data-status="done"]')).toHaveCount(2);
});

test('no tensors leak: the count after 20 inferences equals the count after 1', async ({ studio }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([{ name: 'scan2.png', buffer: synthetic('images', 2) }]);
  await studio.waitAllSettled(1);
  const afterOne = await studio.tensorCount();
  expect(afterOne).toBeGreaterThan(0);
  for (let i = 0; i < 19; i++) {
    await studio.byId('controls.rerun').click();
    await studio.waitAllSettled(1);
  }
  await expect(studio.byId('status.tensors')).toHaveText(String(afterOne));
});

async function readFileAsBytes(path: string): Promise<Uint8Array> {
  return new Uint8Array(readFileSync(path));
}
