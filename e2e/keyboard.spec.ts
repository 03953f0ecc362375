/**
 * The whole journey by keyboard alone: pick files, read the Dice, move the threshold, switch the
 * overlay, place a crop and export, without touching the mouse.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { expect, test } from './test';
import { type StudioPage } from './studioPage';

/** Presses Tab until the element with this test id has the focus. */
async function tabTo(studio: StudioPage, testId: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if ((await studio.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return;
    await studio.page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

test('the journey works by keyboard alone', async ({ studio, page }) => {
  const dir = join(tmpdir(), `unet-keyboard-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan3.png'), join(dir, 'scan3.png'));
  copyFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', 'scan3.png'), join(dir, 'scan3_mask.png'));
  await studio.open('?backend=wasm');
  await studio.waitReady();

  await tabTo(studio, 'drop-zone.files');
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Space');
  await (await chooser).setFiles([join(dir, 'scan3.png'), join(dir, 'scan3_mask.png')]);
  await studio.waitAllSettled(1);
  // The focus left the file input for the selected row, so the shortcuts work straight away.
  await expect(page.locator(':focus')).toHaveAttribute('data-id', /.+/);
  await expect(page.locator(':focus')).toContainText('scan3.png');
  const dice = await studio.selectedDice();
  expect(dice).toBeGreaterThan(0.9);

  // The Dice readout is announced politely to screen readers when it changes: the selected image's, then the mean.
  const announcement = page.locator('[aria-live="polite"]');
  const spoken = `scan3.png: Dice ${dice.toFixed(3)}. Mean Dice ${dice.toFixed(3)} over 1 pair`;
  await expect(announcement).toHaveText(spoken);
  await tabTo(studio, 'controls.threshold');
  await page.keyboard.press('End');
  await expect(studio.byId('controls.threshold-value')).toHaveText('1.000');
  await expect(announcement).not.toHaveText(spoken);
  expect(await studio.selectedDice()).not.toBe(dice);
  await page.keyboard.press('Home');
  await expect(studio.byId('controls.threshold-value')).toHaveText('0.000');
  for (let i = 0; i < 50; i++) await page.keyboard.press(']');
  await expect(studio.byId('controls.threshold-value')).toHaveText('0.500');
  expect(await studio.selectedDice()).toBe(dice);

  await page.keyboard.press('2');
  await expect(studio.byId('controls.overlay-outline')).toBeChecked();

  // A radio group is one Tab stop; the arrow keys move within it.
  await tabTo(studio, 'controls.geometry-fit');
  await page.keyboard.press('ArrowDown');
  await expect(studio.byId('controls.geometry-crop')).toBeChecked();
  await tabTo(studio, 'viewer.region');
  const start = await studio.byId('viewer.region').getAttribute('aria-valuetext');
  await page.keyboard.press('ArrowLeft');
  await expect(studio.byId('viewer.region')).not.toHaveAttribute('aria-valuetext', start ?? '');
  await studio.waitAllSettled(1);

  await tabTo(studio, 'export.zip');
  const download = page.waitForEvent('download');
  await page.keyboard.press('Enter');
  expect((await download).suggestedFilename()).toBe('unet-studio-masks.zip');
});
