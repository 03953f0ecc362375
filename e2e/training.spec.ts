/**
 * Fine-tuning in the browser on SwiftShader WebGPU with a tiny U-Net (base 2, 64×64): two epochs
 * with curves and a changing Dice, Stop within a batch, the result saved and listed after a
 * reload, export then re-import with identical predictions, revert; and on WASM, chosen without
 * any URL flag on this GPU-less machine, the same two epochs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, SYNTHETIC_COUNT } from './fixtures/makeFixtures';
import { expect, test } from './test';
import { type StudioPage } from './studioPage';

const TINY = '?model=../../../fixtures/tiny/model.json';
const pairs = Array.from({ length: SYNTHETIC_COUNT }, (_, k) => k + 1).flatMap((i) => [
  { name: `scan${i}.png`, buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', `scan${i}.png`)) },
  { name: `scan${i}_mask.png`, buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', `scan${i}.png`)) },
]);

async function setUp(studio: StudioPage, epochs: number): Promise<number> {
  await studio.open(`${TINY}&backend=webgpu`);
  expect(await studio.waitReady()).toBe('webgpu');
  await studio.dropFiles(pairs);
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  await studio.byId('training.epochs').fill(String(epochs));
  await studio.byId('training.batchSize').fill('2');
  await studio.byId('training.learningRate').fill('0.01');
  await studio.byId('training.validationPercent').fill('25');
  return studio.meanDice();
}

test('fine-tune two epochs: curves, Dice changes, saved, survives a reload, exports and re-imports identically, reverts', async ({ studio, page }) => {
  test.setTimeout(400_000);
  const before = await setUp(studio, 2);
  await studio.byId('training.start').click();
  await expect(studio.byId('training.message')).toContainText('Done; the fine-tuned model is saved in this browser', { timeout: 300_000 });
  await expect(studio.byId('training.loss-chart')).toHaveAttribute('data-points', '4');
  await expect(studio.byId('training.epoch-chart')).toHaveAttribute('data-points', '4');
  await expect(studio.byId('training.before-all')).toHaveText(before.toFixed(4));
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  const after = await studio.meanDice();
  expect(after).not.toBe(before);
  await expect(studio.byId('training.now-all')).toHaveText(after.toFixed(4));
  const saved = page.locator('[data-testid="models.entry"][data-origin="saved"]');
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText('fine-tuned from tiny-unet on 3 pairs, 1 for validation, 2 epochs');

  // Export, then load the export back: the same predictions, so the same Dice to the last digit.
  const zip = await studio.download('training.export');
  expect(zip.suggestedFilename()).toMatch(/^tiny-unet_fine-tuned.*\.zip$/);
  await studio.byId('models.files').setInputFiles({ name: zip.suggestedFilename(), mimeType: 'application/zip', buffer: readFileSync(await zip.path()) });
  await expect(page.locator('[data-testid="models.entry"][data-origin="session"]')).toHaveCount(2);
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  await expect.poll(() => studio.meanDice()).toBe(after);

  // Revert to the model the run started from.
  await studio.byId('training.revert').click();
  await expect(page.locator('[data-testid="models.entry"].active')).toHaveAttribute('data-name', 'tiny-unet');
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  await expect.poll(() => studio.meanDice()).toBe(before);

  // After a reload the fine-tuned model is still listed and usable.
  await page.reload();
  await studio.waitReady();
  await expect(saved).toHaveCount(1);
  await saved.locator('input').click();
  await expect(page.locator('[data-testid="models.entry"].active')).toHaveAttribute('data-origin', 'saved');
});

test('Stop takes effect within one batch', async ({ page, studio }) => {
  test.setTimeout(300_000);
  await setUp(studio, 50);
  await studio.byId('training.start').click();
  await expect(studio.byId('training.progress')).toContainText('batch 1/2', { timeout: 120_000 });
  // Batches done when Stop is clicked, read in the same turn of the page as the click (a batch
  // can end between two Playwright calls, more so as training gets faster).
  const doneAtClick = await page.evaluate(() => {
    const done = document.querySelector<HTMLProgressElement>('[data-testid="training.progress"] progress')!.value;
    document.querySelector<HTMLButtonElement>('[data-testid="training.stop"]')!.click();
    return done;
  });
  await expect(studio.byId('training.message')).toContainText('Stopped; the model so far is saved', { timeout: 120_000 });
  // At most the batch under way ran after the click, of the 100 asked for.
  const doneAtEnd = await studio.byId('training.progress').locator('progress').evaluate((p: HTMLProgressElement) => p.value);
  expect(doneAtEnd - doneAtClick).toBeGreaterThanOrEqual(0);
  expect(doneAtEnd - doneAtClick).toBeLessThanOrEqual(1);
  expect(doneAtEnd).toBeLessThan(100);
});

test('fine-tunes on WASM with no URL flag: the backend chosen for this GPU-less machine trains, and Dice moves', async ({ studio }) => {
  test.setTimeout(300_000);
  await studio.open(TINY);
  expect(await studio.waitReady()).toBe('wasm');
  await studio.dropFiles(pairs);
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  await expect(studio.byId('training.unavailable')).toHaveCount(0);
  await expect(studio.byId('training.backend')).toContainText('Trains on this computer with WASM');
  await studio.byId('training.epochs').fill('2');
  await studio.byId('training.batchSize').fill('2');
  await studio.byId('training.learningRate').fill('0.01');
  await studio.byId('training.validationPercent').fill('25');
  await studio.byId('training.estimate').click();
  await expect(studio.byId('training.estimate-text')).toContainText(/One step of 2 images takes \d+\.\d s on WASM .*: about \d+ s per epoch of 2 steps/);
  const before = await studio.meanDice();
  await studio.byId('training.start').click();
  await expect(studio.byId('training.message')).toContainText('Done; the fine-tuned model is saved in this browser', { timeout: 240_000 });
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  expect(await studio.meanDice()).not.toBe(before);
});
