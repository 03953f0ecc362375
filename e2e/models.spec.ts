/**
 * Bringing your own model: load TF.js and Keras files, switch between models (images re-run,
 * no tensors leak), keep the working model when a load fails, save a model in the browser and
 * find it after a reload, and edit a model's settings.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { expect, test } from './test';
import { type StudioPage } from './studioPage';

const fixture = (...parts: string[]) => join(FIXTURES_DIR, ...parts);
const scans = [1, 2].map((i) => ({ name: `scan${i}.png`, buffer: readFileSync(fixture('synthetic', 'images', `scan${i}.png`)) }));
const masks = [1, 2].map((i) => ({ name: `scan${i}_mask.png`, buffer: readFileSync(fixture('synthetic', 'masks', `scan${i}.png`)) }));

async function activeModel(studio: StudioPage): Promise<string | null> {
  return studio.page.locator('[data-testid="models.entry"].active').getAttribute('data-name');
}

test('load TF.js and Keras models, switch back and forth without leaking, keep the model when a load fails', async ({ studio }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([...scans, ...masks]);
  await studio.waitAllSettled(2);
  const bundledDice = await studio.meanDice();
  const tensorsWithBundled = await studio.tensorCount();

  // A TF.js layers model: model.json and its weights, picked together.
  await studio.byId('models.files').setInputFiles([fixture('tiny', 'model.json'), fixture('tiny', 'weights.bin'), fixture('tiny', 'unet-studio.json')]);
  await expect(studio.byId('status.model')).toContainText('64×64×1 in');
  expect(await activeModel(studio)).toBe('tiny-unet');
  await studio.waitAllSettled(2);
  await expect(studio.byId('viewer').getByText('Model input 64×64')).toBeVisible();
  expect(await studio.meanDice()).not.toBe(bundledDice);

  // A Keras architecture JSON alone is refused, and the working model stays.
  await studio.byId('models.files').setInputFiles([fixture('keras', 'tiny_unet.json')]);
  await expect(studio.byId('models.error')).toContainText('tiny_unet.json is a Keras architecture file (model.to_json(), Keras 2.2.4), not a TF.js model.json');
  expect(await activeModel(studio)).toBe('tiny-unet');

  // The same JSON with its weights .h5, dropped on the main drop zone, converts and runs.
  await studio.dropFiles([
    { name: 'tiny_unet.json', buffer: readFileSync(fixture('keras', 'tiny_unet.json')), type: 'application/json' },
    { name: 'tiny_unet_weights.h5', buffer: readFileSync(fixture('keras', 'tiny_unet_weights.h5')), type: 'application/x-hdf5' },
  ]);
  await expect(studio.byId('status.model')).toContainText('Keras 2.2.4 architecture JSON + weights .h5, converted to TF.js');
  await studio.waitAllSettled(2);
  await expect(studio.items()).toHaveCount(2);

  // Back to the bundled model: same Dice as before, and no tensor left behind by the others.
  await studio.page.locator('[data-testid="models.entry"][data-origin="bundled"][data-name="unet-hc18-b16"] input').click();
  await expect(studio.byId('status.model')).toContainText('256×256×1 in');
  await studio.waitAllSettled(2);
  await expect.poll(() => studio.meanDice()).toBe(bundledDice);
  await expect(studio.byId('status.tensors')).toHaveText(String(tensorsWithBundled));
});

test('save a converted model in the browser, find it after a reload, edit its settings, delete it', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.byId('models.files').setInputFiles([fixture('keras', 'tiny_unet_full.h5')]);
  await expect(studio.byId('status.model')).toContainText('Keras 2.2.4 .h5, converted to TF.js');
  await studio.byId('models.save').click();
  await expect(page.locator('[data-testid="models.entry"][data-origin="saved"]')).toHaveCount(1);

  await page.reload();
  await studio.waitReady();
  const saved = page.locator('[data-testid="models.entry"][data-origin="saved"]');
  await expect(saved).toHaveAttribute('data-name', 'tiny_unet_full');
  await saved.locator('input').click();
  await expect(studio.byId('status.model')).toContainText('64×64×1 in');

  // Settings: a new name and intensity scaling, kept with the saved model.
  await studio.dropFiles([scans[0], masks[0]]);
  await studio.waitAllSettled(1);
  const before = await studio.selectedDice();
  await studio.byId('models.settings').locator('summary').click();
  await studio.byId('models.settings.name').fill('my tiny unet');
  await studio.byId('models.settings.intensity').selectOption('symmetric');
  await studio.byId('models.settings.apply').click();
  await expect(saved).toHaveAttribute('data-name', 'my tiny unet');
  await studio.waitAllSettled(1);
  await expect.poll(() => studio.selectedDice()).not.toBe(before);
  await page.reload();
  await studio.waitReady();
  await expect(saved).toHaveAttribute('data-name', 'my tiny unet');

  // Deleting is offered for saved models that are not in use.
  await saved.getByRole('button', { name: /Delete/ }).click();
  await expect(saved).toHaveCount(0);
});

test('a converter-made graph model runs, and says why it cannot be fine-tuned', async ({ studio }) => {
  test.skip(!existsSync(fixture('graph', 'model.json')), 'needs ../shared/fixtures (the graph-model fixture), absent on this machine');
  await studio.open('?backend=wasm');
  await studio.waitReady();
  const shards = readFileSync(fixture('graph', 'model.json'), 'utf8').match(/group1-shard\dof8\.bin/g) ?? [];
  await studio.byId('models.files').setInputFiles([fixture('graph', 'model.json'), ...[...new Set(shards)].map((s) => fixture('graph', s))]);
  await expect(studio.byId('status.model')).toContainText('TF.js graph model (TensorFlow.js Converter v4.22.0); inference only', { timeout: 120_000 });
  await expect(studio.byId('status.model')).toContainText('128×128×3 in');
  await expect(studio.byId('models.not-trainable')).toContainText('a graph model is a frozen TensorFlow graph');
  await expect(studio.byId('models.save')).toBeDisabled();
  await studio.dropFiles([scans[0]]);
  await studio.waitAllSettled(1);
  await expect(studio.item('scan1.png')).toHaveAttribute('data-status', 'done');
});
