/**
 * A lost GPU device (destroyed on purpose through the ?test-hooks drill, as a driver reset would)
 * is recovered: a new WebGPU device, the model reloaded, the images and their results kept.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { expect, test } from './test';

const files = [1, 2].flatMap((i) => [
  { name: `scan${i}.png`, buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', `scan${i}.png`)) },
  { name: `scan${i}_mask.png`, buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', `scan${i}.png`)) },
]);

test('a lost WebGPU device is recovered and the work in the page is kept', async ({ studio, page }) => {
  await studio.open('?model=../../../fixtures/tiny/model.json&backend=webgpu&test-hooks');
  expect(await studio.waitReady()).toBe('webgpu');
  await studio.dropFiles(files);
  await studio.waitAllSettled(2);
  const dice = await studio.meanDice();

  const destroyed = await page.evaluate(() => (window as unknown as { unetStudioTestHooks: { simulateDeviceLoss(): Promise<boolean> } }).unetStudioTestHooks.simulateDeviceLoss());
  expect(destroyed).toBe(true);
  await studio.byId('controls.rerun').click();
  await expect(studio.byId('status.notice')).toContainText('The GPU device was lost');
  await expect(studio.byId('status.notice')).toContainText('WebGPU was restarted and the model reloaded');
  await studio.waitAllSettled(2);
  await expect(studio.item('scan1.png')).toHaveAttribute('data-status', 'done');
  expect(await studio.waitReady()).toBe('webgpu');
  // Same weights, same answers: the results are unchanged.
  await expect.poll(() => studio.meanDice()).toBe(dice);
});
