/**
 * What a clinician meets in a first session (issue #18): drops anywhere in the window, the list
 * by keyboard (focus after picking, skip links, arrow keys, one Tab stop, the selected Dice
 * announced), rows that do not cover their names, disabled buttons that look it, the 900-px
 * layout, legends, readable training charts, metrics.csv in name order with a mean row, Clear all
 * asked and Remove undone, and the out-of-domain hints. Screenshots go to /tmp/shots/ to look at.
 */
import { encode } from 'fast-png';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
import { FIXTURES_DIR, SYNTHETIC_COUNT } from './fixtures/makeFixtures';
import { parseCsv, readZip } from './helpers';
import { expect, test } from './test';

const SHOTS = '/tmp/shots';
const image = (i: number) => readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', `scan${i}.png`));
const mask = (i: number) => readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', `scan${i}.png`));
const pairs = Array.from({ length: SYNTHETIC_COUNT }, (_, k) => k + 1).flatMap((i) => [
  { name: `scan${i}.png`, buffer: image(i) },
  { name: `scan${i}_mask.png`, buffer: mask(i) },
]);
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-testid="image-list.item"]')?.getAttribute('data-name') ?? null);

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

test('files dropped anywhere in the window come in once, with a window-wide drop target', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  // Count how often the app reads a drop's files: a drop on the drop box must be handled once.
  await page.evaluate(() => {
    const w = window as unknown as { reads: number };
    w.reads = 0;
    const items = Object.getOwnPropertyDescriptor(DataTransfer.prototype, 'items');
    Object.defineProperty(DataTransfer.prototype, 'items', {
      get(this: DataTransfer) {
        w.reads++;
        return items?.get?.call(this) as DataTransferItemList;
      },
    });
  });
  const transfer = (files: typeof pairs) =>
    page.evaluateHandle((list) => {
      const dt = new DataTransfer();
      for (const f of list) dt.items.add(new File([Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0))], f.name, { type: 'image/png' }));
      return dt;
    }, files.map((f) => ({ name: f.name, data: f.buffer.toString('base64') })));

  // Dragging over the big empty viewer shows the full-window target; dropping there adds the pair.
  const viewer = page.locator('#viewer');
  const first = await transfer(pairs.slice(0, 2));
  const resetReads = () => page.evaluate(() => ((window as unknown as { reads: number }).reads = 0));
  await resetReads();
  await viewer.dispatchEvent('dragenter', { dataTransfer: first });
  await expect(studio.byId('window-drop')).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/drop-target-1400x1000.png` });
  await viewer.dispatchEvent('drop', { dataTransfer: first });
  await expect(studio.byId('window-drop')).toHaveCount(0);
  await studio.waitAllSettled(1);
  expect(await page.evaluate(() => (window as unknown as { reads: number }).reads)).toBe(1);

  // On the drop box itself: handled once, not twice.
  const second = await transfer(pairs.slice(2, 4));
  await resetReads();
  await studio.byId('drop-zone').dispatchEvent('drop', { dataTransfer: second });
  await studio.waitAllSettled(2);
  expect(await page.evaluate(() => (window as unknown as { reads: number }).reads)).toBe(1);

  // On the image: also taken.
  await studio.byId('viewer').dispatchEvent('drop', { dataTransfer: await transfer(pairs.slice(4, 6)) });
  await studio.waitAllSettled(3);
});

test('the list by keyboard: focus after picking, skip links, arrow keys, one Tab stop, the selected Dice announced', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  // Skip links: the first Tab stops of the page lead to the image and to the controls.
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Skip to the image');
  await page.keyboard.press('Enter');
  await expect(page.locator(':focus')).toHaveAttribute('id', 'viewer');
  await page.getByRole('link', { name: 'Skip to the image' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveText('Skip to the controls');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await expect(page.locator(':focus')).toHaveAttribute('data-testid', 'controls.threshold');

  const dir = join(tmpdir(), `unet-first-session-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  for (const p of pairs) writeFileSync(join(dir, p.name), p.buffer);
  await studio.pickFiles(pairs.map((p) => join(dir, p.name)));
  // After picking, the focus is on the selected row, so the shortcuts work at once.
  await expect.poll(() => focusedName(page)).toBe('scan1.png');
  await page.keyboard.press('ArrowDown');
  await expect.poll(() => focusedName(page)).toBe('scan2.png');
  await expect(studio.item('scan2.png').locator('.item-select')).toHaveAttribute('aria-current', 'true');
  await page.keyboard.press('End');
  await expect.poll(() => focusedName(page)).toBe('scan4.png');
  await page.keyboard.press('Home');
  await expect.poll(() => focusedName(page)).toBe('scan1.png');
  // One Tab stop for the whole list: the next Tab leaves it.
  await page.keyboard.press('Tab');
  expect(await focusedName(page)).toBeNull();
  expect(await page.locator('#image-list [tabindex="0"]').count()).toBe(1);

  // The selected image's Dice is announced when the selection changes.
  await studio.waitAllSettled(4);
  const live = studio.byId('metrics.announcement');
  await expect(live).toHaveAttribute('aria-live', 'polite');
  await expect(live).toContainText(/^scan1\.png: Dice 0\.\d{3}\. Mean Dice 0\.\d{3} over 4 pairs$/);
  await page.keyboard.press('j');
  await expect(live).toContainText(/^scan2\.png: Dice /);

});

test('at 1280×720 the first screen offers a way to start, and it stays put while the model loads', async ({ studio, page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await studio.open('?backend=wasm');
  const choose = studio.byId('drop-zone.files');
  await expect(choose).toBeVisible();
  const before = await choose.boundingBox();
  await studio.waitReady();
  // The status card has grown by now (model name, card line, live tensors).
  const after = await choose.boundingBox();
  await page.screenshot({ path: `${SHOTS}/first-screen-1280x720.png` });
  expect(before && after).toBeTruthy();
  if (before && after) {
    expect(Math.abs(after.y - before.y)).toBeLessThanOrEqual(1);
    expect(after.y + after.height).toBeLessThanOrEqual(720);
  }
  await expect(studio.byId('drop-zone.folder')).toBeInViewport();
});

test('rows keep their names visible, disabled buttons look disabled, and image, threshold and Dice share a screen at 900 px', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([
    ...pairs,
    { name: 'a-scan-with-a-rather-long-file-name-from-the-archive.png', buffer: Buffer.from('\x89PNG\r\n\x1a\n broken beyond repair, truncated') },
  ]);
  await studio.waitAllSettled(5);
  const bad = studio.item('a-scan-with-a-rather-long-file-name-from-the-archive.png');
  await expect(bad).toHaveAttribute('data-status', 'error');
  const row = await bad.boundingBox();
  const name = await bad.locator('.item-name').boundingBox();
  const reason = await bad.locator('.item-status').boundingBox();
  expect(row && name && reason).toBeTruthy();
  if (row && name && reason) {
    // The reason sits below the name, on one line, inside the row: it covers nothing.
    expect(reason.y).toBeGreaterThanOrEqual(name.y + name.height - 1);
    expect(reason.y + reason.height).toBeLessThanOrEqual(row.y + row.height + 1);
  }
  await expect(bad.locator('.item-status')).toHaveAttribute('title', /.+/);

  // A disabled button is visibly different from an enabled one.
  const look = (testId: string) => studio.byId(testId).evaluate((b) => `${getComputedStyle(b).opacity} ${getComputedStyle(b).borderStyle}`);
  await expect(studio.byId('image-list.next-review')).toBeDisabled();
  expect(await look('image-list.next-review')).not.toBe(await look('image-list.clear'));

  await studio.item('scan1.png').locator('.item-select').click();
  for (const [w, h] of [
    [1400, 1000],
    [1280, 720],
    [900, 1000],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${SHOTS}/workbench-${w}x${h}.png` });
  }
  await page.screenshot({ path: `${SHOTS}/workbench-900x1000-full.png`, fullPage: true });
  // At 900 px: the image's top, the threshold and the selected Dice lie within one screen height.
  const boxes = await Promise.all([page.locator('.viewer-stage.zoomable'), studio.byId('controls.threshold'), studio.byId('metrics.selected.dice')].map((l) => l.boundingBox()));
  const top = Math.min(...boxes.map((b) => b?.y ?? Infinity));
  const bottom = Math.max(...boxes.map((b) => (b ? b.y + b.height : Infinity)));
  expect(bottom - top).toBeLessThanOrEqual(1000);
  const modelView = await page.locator('.viewer-model').boundingBox();
  expect(modelView?.width ?? 1000).toBeLessThanOrEqual(256);
});

test('metrics.csv in name order with a mean row; the table header names its first column; Clear all asks; Remove can be undone', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  // Dropped out of order: b10 before b2.
  await studio.dropFiles([
    { name: 'b10.png', buffer: image(1) },
    { name: 'b10_mask.png', buffer: mask(1) },
    { name: 'b2.png', buffer: image(2) },
    { name: 'b2_mask.png', buffer: mask(2) },
  ]);
  await studio.waitAllSettled(2);
  const zip = readZip(await (await studio.download('export.zip')).path());
  const rows = parseCsv(new TextDecoder().decode(zip['metrics.csv']));
  expect(rows.map((r) => r.file)).toEqual(['b2.png', 'b10.png', '(mean of 2 pairs)']);
  expect(Number(rows[2].dice)).toBeCloseTo((Number(rows[0].dice) + Number(rows[1].dice)) / 2, 5);
  await expect(page.locator('.metrics thead th').first()).toHaveText('Image');

  // Remove, then Undo: the image comes back with its result.
  const dice = await studio.item('b2.png').getByTestId('image-list.dice').textContent();
  await page.getByRole('button', { name: 'Remove b2.png' }).click();
  await expect(studio.item('b2.png')).toHaveCount(0);
  await studio.byId('image-list.undo').click();
  await expect(studio.item('b2.png').getByTestId('image-list.dice')).toHaveText(dice ?? '');
  await expect(studio.byId('image-list.removed')).toHaveCount(0);

  // Clear all asks first; No keeps everything.
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(studio.byId('image-list.clear-confirm')).toContainText('Clear all 2 images?');
  await studio.byId('image-list.clear-no').click();
  await expect(studio.items()).toHaveCount(2);
  await page.getByRole('button', { name: 'Clear all' }).click();
  await studio.byId('image-list.clear-yes').click();
  await expect(studio.items()).toHaveCount(0);
});

test('out-of-domain hints, legends next to the overlay, and the model card beside the results', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  const size = 96;
  const colour = new Uint8Array(size * size * 3);
  for (let i = 0; i < size * size; i++) [colour[i * 3], colour[i * 3 + 1], colour[i * 3 + 2]] = [(i * 7) % 256, (i % size) * 2, 255 - ((i * 3) % 256)];
  const black = new Uint8Array(size * size);
  await studio.dropFiles([
    { name: 'dermoscopy.png', buffer: Buffer.from(encode({ width: size, height: size, data: colour, channels: 3 })) },
    { name: 'blank.png', buffer: Buffer.from(encode({ width: size, height: size, data: black, channels: 1 })) },
    // A 300×20 strip: letterboxed, it is 7 % of what the model sees.
    { name: 'strip.png', buffer: Buffer.from(encode({ width: 300, height: 20, data: new Uint8Array(300 * 20).fill(128), channels: 1 })) },
    ...pairs.slice(0, 2),
  ]);
  await studio.waitAllSettled(4);
  await studio.item('strip.png').locator('.item-select').click();
  await expect(studio.byId('viewer.region-hint')).toContainText('Only 7 % of what the model sees is image: 300×20 px shown as 256×17');
  await studio.item('blank.png').locator('.item-select').click();
  await expect(studio.byId('viewer.nothing-found')).toContainText('The model found no foreground here');
  await studio.item('dermoscopy.png').locator('.item-select').click();
  await expect(studio.byId('viewer.reduced-to-grey')).toBeVisible();
  await studio.item('scan1.png').locator('.item-select').click();
  await expect(studio.byId('viewer.nothing-found')).toHaveCount(0);
  await expect(studio.byId('viewer.reduced-to-grey')).toHaveCount(0);
  await expect(studio.byId('viewer.region-hint')).toHaveCount(0);

  // The card: a link to the MODEL_CARD.md served beside the bundled model.
  const card = studio.byId('viewer.model-card.card');
  await expect(card).toHaveAttribute('href', /models\/unet-hc18-b16\/MODEL_CARD\.md$/);
  expect((await page.request.get((await card.getAttribute('href')) ?? '')).ok()).toBe(true);
  await expect(studio.byId('viewer.model-card')).toContainText('HC18');

  // Legends: TP / FP / FN with a ground truth, the probability scale for the heatmap.
  await page.keyboard.press('4');
  await expect(studio.byId('viewer.legend')).toContainText('true positive');
  await expect(studio.byId('viewer.legend')).toContainText('false negative');
  await studio.byId('viewer.legend').screenshot({ path: `${SHOTS}/legend-errors.png` });
  await page.keyboard.press('3');
  await expect(studio.byId('viewer.legend')).toContainText('Probability');
  await page.locator('.viewer-main').screenshot({ path: `${SHOTS}/legend-heatmap.png` });

  // Outline: the ground truth's edge beside the model's, each in its colour, and named in the legend.
  await page.keyboard.press('2');
  await expect(studio.byId('viewer.legend')).toContainText('edge of the ground truth');
  const truthEdge = [86, 180, 233] as const;
  await expect.poll(() => studio.pixelsOfColour('viewer.overlay', truthEdge)).toBeGreaterThan(0);
  expect(await studio.pixelsOfColour('viewer.overlay', [240, 228, 66])).toBeGreaterThan(0);
  await page.locator('.viewer-main').screenshot({ path: `${SHOTS}/outline-with-truth.png` });
  // An image without ground truth: the model's edge only.
  await studio.item('blank.png').locator('.item-select').click();
  await expect(studio.byId('viewer.legend')).not.toContainText('edge of the ground truth');
  expect(await studio.pixelsOfColour('viewer.overlay', truthEdge)).toBe(0);
});

test('training charts: loss and Dice on their own axes, readable tick labels, x axis labelled', async ({ studio, page }) => {
  test.setTimeout(300_000);
  await studio.open('?model=../../../fixtures/tiny/model.json&backend=wasm');
  await studio.waitReady();
  await studio.dropFiles(pairs);
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  await studio.byId('training.epochs').fill('3');
  await studio.byId('training.batchSize').fill('2');
  await studio.byId('training.validationPercent').fill('25');
  await studio.byId('training.start').click();
  await expect(studio.byId('training.message')).toContainText('Done', { timeout: 240_000 });
  const epochs = studio.byId('training.epoch-chart');
  await expect(epochs.getByTestId('training.epoch-chart.x-tick')).toHaveText(['1', '2', '3']);
  await expect(epochs.getByTestId('training.epoch-chart.right-tick').first()).toHaveText(/^[01](\.\d+)?$/);
  await expect(epochs.getByTestId('training.epoch-chart.left-tick').first()).toHaveText(/^\d+(\.\d+)?$/);
  // Every tick label lies inside the drawing, none cut at its edge.
  for (const chart of [epochs, studio.byId('training.loss-chart')]) {
    const svg = await chart.locator('svg').boundingBox();
    for (const label of await chart.locator('text.tick').all()) {
      const box = await label.boundingBox();
      expect(box && svg && box.x >= svg.x - 0.5 && box.x + box.width <= svg.x + svg.width + 0.5).toBe(true);
    }
  }
  await page.locator('.charts').screenshot({ path: `${SHOTS}/charts.png` });
});
