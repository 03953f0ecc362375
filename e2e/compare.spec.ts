/**
 * Ground truth and prediction compared at a glance (issue #18): the swipe's divider splits one
 * overlay canvas into the prediction (left) and the ground truth (right), read pixel by pixel;
 * it moves by mouse drag and by arrow keys; the flip (F, or its button) shows one whole side; the
 * compare is disabled with its reason for an image without ground truth; and two models compare
 * on one image, each side with its Dice. Screenshots go to test-results/ to look at.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page } from '@playwright/test';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { readMask } from './helpers';
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

/** Keeps a binary mask, filled in `colour` over transparent, as the overlay that should show it. */
async function keepMask(page: Page, name: string, mask: Uint8Array, colour: number[]): Promise<void> {
  await page.evaluate(
    ([key, bits, rgb]) => {
      const out = new Uint8ClampedArray(bits.length * 4);
      for (let i = 0; i < bits.length; i++) if (bits[i]) out.set([rgb[0], rgb[1], rgb[2], 255], i * 4);
      const w = window as unknown as { kept?: Record<string, Uint8ClampedArray> };
      w.kept = { ...w.kept, [key]: out };
    },
    [name, Array.from(mask), colour] as const,
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
  await keepMask(page, 'truth', truth.data, FILL);

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
