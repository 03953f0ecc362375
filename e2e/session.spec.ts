/**
 * Save session / Open session as a user does it: a study with a mask from a file, a mask
 * corrected by hand and a moved threshold is saved as one file, everything is cleared, and
 * opening the file (picker, then drop) brings back the same images, masks, Dice and settings.
 * A file that is not a session is refused in one line and loses nothing already loaded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { expect, test } from './test';

const image = (n: number) => ({ name: `scan${n}.png`, buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', `scan${n}.png`)) });
const mask = (n: number) => ({ name: `scan${n}_mask.png`, buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', `scan${n}.png`)) });

test('save a session, clear everything, open it: the same images, masks, corrections, Dice and threshold', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([image(1), mask(1), image(2)]);
  await studio.waitAllSettled(2);
  // Correct scan2: start from the model's mask, erase a dab, accept.
  await studio.item('scan2.png').locator('.item-select').click();
  await studio.byId('editor.start').click();
  await studio.byId('editor.surface').focus();
  await page.keyboard.press('e');
  await page.keyboard.press('Space');
  await studio.byId('editor.accept').click();
  await expect(studio.item('scan2.png').getByTestId('image-list.corrected')).toBeVisible();
  await studio.setThreshold(0.42);
  const before = await studio.meanDice();
  const rows = async () => studio.byId('image-list.item').evaluateAll((els) => els.map((e) => `${e.getAttribute('data-name')} ${e.getAttribute('data-review')} ${e.querySelector('[data-testid="image-list.dice"]')?.textContent ?? ''}`));
  const listed = await rows();

  const saved = await studio.download('session.save');
  expect(saved.suggestedFilename()).toMatch(/^unet-studio-session-\d{4}-\d\d-\d\d\.zip$/);
  const path = await saved.path();

  await page.getByRole('button', { name: 'Clear all' }).click();
  await studio.byId('image-list.clear-yes').click();
  await expect(studio.byId('image-list.item')).toHaveCount(0);
  await studio.setThreshold(0.5);
  await studio.byId('session.open').setInputFiles(path);
  await expect(studio.byId('session.report')).toHaveAttribute('data-ok', 'true');
  await expect(studio.byId('session.report')).toContainText('2 images (1 with a mask corrected here)');
  await studio.waitAllSettled(2);
  await expect(studio.byId('controls.threshold-value')).toHaveText('0.420');
  expect(await rows()).toEqual(listed);
  expect(await studio.meanDice()).toBe(before);

  // Not a session: one line that names the file; the images stay.
  await studio.byId('session.open').setInputFiles({ name: 'broken.zip', mimeType: 'application/zip', buffer: Buffer.from('PK\u0003\u0004 not really') });
  await expect(studio.byId('session.report')).toHaveAttribute('data-ok', 'false');
  await expect(studio.byId('session.report')).toHaveText(/^broken\.zip is not a session file: it is not a readable ZIP/);
  await expect(studio.byId('image-list.item')).toHaveCount(2);

  // A session dropped like any file opens too (recognised by its manifest, not its name).
  await page.getByRole('button', { name: 'Clear all' }).click();
  await studio.byId('image-list.clear-yes').click();
  await studio.dropFiles([{ name: 'study.zip', buffer: readFileSync(path) }]);
  await expect(studio.byId('session.report')).toContainText('Opened study.zip: 2 images');
  await studio.waitAllSettled(2);
  expect(await rows()).toEqual(listed);
});
