/**
 * Ground truth and prediction compared at a glance (issue #18): the swipe's divider splits one
 * overlay canvas into the prediction (left) and the ground truth (right), read pixel by pixel;
 * it moves by mouse drag, by touch and by arrow keys, and keeps its column when zoomed; the flip
 * (F, or its button) shows one whole side; the compare is disabled with its reason for an image
 * without ground truth; and two models compare on one image, each side with its Dice.
 * Screenshots go to test-results/ to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { decode } from 'fast-png';
import { readMask } from './helpers';
import { MULTICLASS_DIR, openWithThreeClassModel } from './multiClassPage';
import { type StudioPage } from './studioPage';
import { expect, test } from './test';

const SHOTS = 'test-results';
const file = (dir: string, i: number) => readFileSync(join(FIXTURES_DIR, 'synthetic', dir, `scan${i}.png`));
/** Okabe–Ito's bluish green: the fill colour of a binary mask (image/overlay.ts). */
const FILL = [0, 158, 115];

test.beforeAll(() => mkdirSync(SHOTS, { recursive: true }));

/** Keeps a copy of a canvas's pixels in the page under `name`, to check the compare canvas against. */
async function keepCanvas(page: Page, name: string, testId: string): Promise<void> {
  await page.evaluate(
    ([key, id]) => {
      const canvas = document.querySelector<HTMLCanvasElement>(`[data-testid="${id}"]`);
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) throw new Error(`no canvas ${id}`);
      const w = window as unknown as { kept?: Record<string, Uint8ClampedArray> };
      w.kept = { ...w.kept, [key]: data };
    },
    [name, testId],
  );
}

/** Keeps a mask of class indices (1 for a binary one), class k filled in `colours[k − 1]` over transparent, as the overlay that should show it. */
async function keepMask(page: Page, name: string, labels: Uint8Array, colours: number[][]): Promise<void> {
  await page.evaluate(
    ([key, classes, rgb]) => {
      const out = new Uint8ClampedArray(classes.length * 4);
      for (let i = 0; i < classes.length; i++) if (classes[i]) out.set([...rgb[classes[i] - 1], 255], i * 4);
      const w = window as unknown as { kept?: Record<string, Uint8ClampedArray> };
      w.kept = { ...w.kept, [key]: out };
    },
    [name, Array.from(labels), colours] as const,
  );
}

/**
 * Pixels of the compare canvas that differ from what should be there: `left` kept pixels before
 * column `column`, `right` ones from it on; and how many pixels the two kept overlays differ in on
 * each side (a check that mixes the sides up would see differences there).
 */
async function mismatches(page: Page, left: string, right: string, column: number) {
  return page.evaluate(
    ([l, r, split]) => {
      const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="viewer.compare"]');
      const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      const kept = (window as unknown as { kept: Record<string, Uint8ClampedArray> }).kept;
      if (!canvas || !data) return null;
      const counts = { left: 0, right: 0, differLeft: 0, differRight: 0 };
      for (let y = 0; y < canvas.height; y++)
        for (let x = 0; x < canvas.width; x++) {
          const o = (y * canvas.width + x) * 4;
          const same = (a: Uint8ClampedArray, b: Uint8ClampedArray) => a[o] === b[o] && a[o + 1] === b[o + 1] && a[o + 2] === b[o + 2] && a[o + 3] === b[o + 3];
          const onLeft = x < split;
          if (!same(data, onLeft ? kept[l] : kept[r])) counts[onLeft ? 'left' : 'right']++;
          if (!same(kept[l], kept[r])) counts[onLeft ? 'differLeft' : 'differRight']++;
        }
      return counts;
    },
    [left, right, column] as const,
  );
}

const column = async (studio: StudioPage) => Number(await studio.byId('viewer.compare-divider').getAttribute('data-column'));

/**
 * Expects the compare canvas to show `left` before the divider and `right` after it, the two
 * differing (on both sides of the divider when `bothSides`, as at the middle).
 */
async function expectSplit(studio: StudioPage, left: string, right: string, bothSides = false): Promise<void> {
  await expect
    .poll(async () => {
      const m = await mismatches(studio.page, left, right, await column(studio));
      const differ = bothSides ? m && m.differLeft > 50 && m.differRight > 50 : m && m.differLeft + m.differRight > 50;
      return m && { left: m.left, right: m.right, differ };
    })
    .toEqual({ left: 0, right: 0, differ: true });
}

test('swipe and flip between the prediction and the ground truth, by mouse, keys and button, pixel for pixel', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  // scan1 with scan2's ground truth: a prediction and a truth that differ on both sides of the divider.
  const truth = await readMask(file('masks', 2));
  await studio.dropFiles([
    { name: 'scan1.png', buffer: file('images', 1) },
    { name: 'scan1_mask.png', buffer: file('masks', 2) },
    { name: 'scan3.png', buffer: file('images', 3) },
  ]);
  await studio.waitAllSettled(2);
  await studio.item('scan1.png').locator('.item-select').click();
  await expect(studio.byId('viewer')).toHaveAttribute('aria-label', 'Image scan1.png');
  // The plain view's overlay (fill) is the prediction as the app draws it.
  await expect.poll(() => studio.paintedFraction('viewer.overlay')).toBeGreaterThan(0.01);
  await keepCanvas(page, 'prediction', 'viewer.overlay');
  await keepMask(page, 'truth', truth.data, [FILL]);

  await studio.byId('compare.truth').click();
  await expect(studio.byId('compare.truth')).toHaveAttribute('aria-pressed', 'true');
  const divider = studio.byId('viewer.compare-divider');
  await expect(divider).toHaveAttribute('role', 'slider');
  await expect(divider).toHaveAttribute('aria-valuenow', '50');
  await expect(studio.byId('viewer.compare-left')).toContainText('Prediction');
  await expect(studio.byId('viewer.compare-right')).toContainText('Ground truth');
  // The prediction's Dice at the divider is the one the metrics panel shows for this image.
  const dice = Number(await studio.byId('viewer.compare-left-dice').getAttribute('data-value'));
  expect(Math.abs(dice - (await studio.selectedDice()))).toBeLessThan(1e-3);
  expect(await column(studio)).toBe(200);
  await expectSplit(studio, 'prediction', 'truth', true);
  await page.screenshot({ path: `${SHOTS}/compare-swipe-50.png` });

  // Arrow keys: 1 % a press, 10 % with Shift.
  await divider.focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
  await expect(divider).toHaveAttribute('aria-valuenow', '55');
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(divider).toHaveAttribute('aria-valuenow', '35');
  expect(await column(studio)).toBe(140);
  await expectSplit(studio, 'prediction', 'truth');

  // A mouse drag to three quarters of the image's width, wherever the stage put the image.
  await divider.scrollIntoViewIfNeeded();
  const stage = studio.byId('viewer.stage');
  const at = await stage.boundingBox();
  const box = await divider.boundingBox();
  if (!at || !box) throw new Error('no stage or divider');
  const [scale, x0] = [Number(await stage.getAttribute('data-scale')), Number(await stage.getAttribute('data-x'))];
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(at.x + x0 + 0.75 * 400 * scale, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect.poll(async () => Math.abs((await column(studio)) - 300)).toBeLessThanOrEqual(1);
  await expectSplit(studio, 'prediction', 'truth');
  await page.screenshot({ path: `${SHOTS}/compare-swipe-75.png` });

  // A finger drags it too (touch events, as a tablet sends them), back to a quarter.
  const cdp = await page.context().newCDPSession(page);
  const grip = await divider.boundingBox();
  if (!grip) throw new Error('no divider');
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x: number) =>
    cdp.send('Input.dispatchTouchEvent', { type, touchPoints: type === 'touchEnd' ? [] : [{ x, y: grip.y + grip.height / 2 }] });
  await touch('touchStart', grip.x + grip.width / 2);
  for (const f of [0.6, 0.4, 0.25]) await touch('touchMove', at.x + x0 + f * 400 * scale);
  await touch('touchEnd', 0);
  await expect.poll(async () => Math.abs((await column(studio)) - 100)).toBeLessThanOrEqual(1);
  await expectSplit(studio, 'prediction', 'truth');

  // Zoomed in, the divider stays on its image column: still the same split of the same canvas.
  await studio.byId('viewer.zoom-in').click();
  await expect.poll(async () => Number(await stage.getAttribute('data-scale'))).toBeGreaterThan(scale);
  await expectSplit(studio, 'prediction', 'truth');

  // The flip: F shows the ground truth whole, F again the prediction, and the button flips back.
  await studio.byId('viewer.zoom-fit').click();
  await page.keyboard.press('f');
  await expect(studio.byId('compare.status')).toHaveText('Showing: Ground truth');
  await expect(studio.byId('viewer.compare-shown')).toContainText('Ground truth');
  await expect.poll(async () => (await mismatches(page, 'truth', 'truth', 0))?.right).toBe(0);
  await page.screenshot({ path: `${SHOTS}/compare-flip-truth.png` });
  await page.keyboard.press('f');
  await expect(studio.byId('compare.status')).toHaveText('Showing: Prediction');
  await expect.poll(async () => (await mismatches(page, 'prediction', 'prediction', 400))?.left).toBe(0);
  await studio.byId('compare.flip').click();
  await expect(studio.byId('compare.status')).toHaveText('Showing: Ground truth');
  await studio.byId('compare.swipe').click();
  await expectSplit(studio, 'prediction', 'truth');

  // An image without ground truth: the compare is disabled, with its reason.
  await studio.item('scan3.png').locator('.item-select').click();
  await expect(studio.byId('compare.truth')).toBeDisabled();
  await expect(studio.byId('compare.truth-reason')).toContainText('no ground truth');
  await expect(studio.byId('viewer.compare')).toHaveCount(0);
  await expect(studio.byId('viewer.overlay')).toBeVisible();
});

test('a model of several classes: the ground truth side in the class colours, against the prediction', async ({ studio, page }) => {
  await openWithThreeClassModel(studio);
  const read = (dir: string, i: number) => readFileSync(join(MULTICLASS_DIR, dir, `scan${i}.png`));
  // scan1 with scan3's label map: the discs sit elsewhere, so the sides differ.
  await studio.dropFiles([
    { name: 'scan1.png', buffer: read('images', 1) },
    { name: 'scan1_mask.png', buffer: read('masks', 3) },
  ]);
  await studio.waitAllSettled(1);
  await expect.poll(() => studio.paintedFraction('viewer.overlay')).toBeGreaterThan(0.05);
  await keepCanvas(page, 'prediction', 'viewer.overlay');
  // The class colours as the legend shows them.
  const colours = await page.evaluate(() =>
    [1, 2].map((k) => {
      const swatch = document.querySelector(`[data-testid="viewer.class-${k}"] ~ .swatch`);
      const m = swatch ? /rgb\((\d+), (\d+), (\d+)\)/.exec(getComputedStyle(swatch).backgroundColor) : null;
      if (!m) throw new Error(`no swatch for class ${k}`);
      return [Number(m[1]), Number(m[2]), Number(m[3])];
    }),
  );
  expect(colours[0]).not.toEqual(colours[1]);
  await keepMask(page, 'truth', decode(read('masks', 3)).data as Uint8Array, colours);

  await studio.byId('compare.truth').click();
  await expect(studio.byId('viewer.compare-right')).toContainText('Ground truth');
  await expectSplit(studio, 'prediction', 'truth', true);
  // Zoomed to 4× on this 96×72 image, the labels and divider keep their screen size.
  for (let i = 0; i < 4; i++) await studio.byId('viewer.zoom-in').click();
  await page.screenshot({ path: `${SHOTS}/compare-classes-zoomed.png` });
  await studio.byId('compare.flip').click();
  await expect(studio.byId('compare.status')).toHaveText('Showing: Ground truth');
  await expect.poll(async () => (await mismatches(page, 'truth', 'truth', 0))?.right).toBe(0);
});

test('two models on one image: each side the overlay and Dice of its own model, the model in use unchanged', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([
    { name: 'scan1.png', buffer: file('images', 1) },
    { name: 'scan1_mask.png', buffer: file('masks', 1) },
  ]);
  await studio.waitAllSettled(1);
  await expect.poll(() => studio.paintedFraction('viewer.overlay')).toBeGreaterThan(0.01);
  await keepCanvas(page, 'prediction', 'viewer.overlay');
  const inUse = await studio.byId('status.model').textContent();

  await studio.byId('compare.model').click();
  // The first other model the app holds is chosen: the other bundled one.
  await expect(studio.byId('compare.other-model')).toHaveValue('bundled:unet-psfhs-b16-128');
  await expect(studio.byId('viewer.compare-right')).toContainText('unet-psfhs-b16-128');
  await expect(studio.byId('viewer.compare-right-dice')).toBeVisible({ timeout: 120_000 });
  await expect(studio.byId('viewer.compare-left')).toContainText('unet-hc18-b16');
  const left = Number(await studio.byId('viewer.compare-left-dice').getAttribute('data-value'));
  const right = Number(await studio.byId('viewer.compare-right-dice').getAttribute('data-value'));
  expect(Math.abs(left - (await studio.selectedDice()))).toBeLessThan(1e-3);
  expect(right).toBeGreaterThanOrEqual(0);
  expect(right).toBeLessThanOrEqual(1);
  await page.screenshot({ path: `${SHOTS}/compare-two-models.png` });

  // Flipped to the second model, the whole canvas is its overlay; swiped, it is right of the divider.
  await page.keyboard.press('f');
  await expect(studio.byId('compare.status')).toHaveText('Showing: unet-psfhs-b16-128');
  await keepCanvas(page, 'other', 'viewer.compare');
  await studio.byId('compare.swipe').click();
  const m = await mismatches(page, 'prediction', 'other', await column(studio));
  expect(m && { left: m.left, right: m.right }).toEqual({ left: 0, right: 0 });
  expect((m?.differLeft ?? 0) + (m?.differRight ?? 0)).toBeGreaterThan(50);
  // The compare ran the second model beside the one in use, which stays the one in use.
  await expect(studio.byId('status.model')).toHaveText(inUse ?? '');
  await studio.byId('compare.off').click();
  await expect(studio.byId('viewer.compare')).toHaveCount(0);
});
