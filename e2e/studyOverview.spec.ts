/**
 * The study overview (issue #18's missing features) on the synthetic pairs: the batch's time left
 * while a folder is segmented, the per-image table sorted by Dice selecting its image, and the
 * Dice-against-threshold curve whose "Use" button sets the best threshold.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR, SYNTHETIC_COUNT } from './fixtures/makeFixtures';
import { expect, test } from './test';

const image = (i: number) => readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', `scan${i}.png`));
const mask = (i: number) => readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', `scan${i}.png`));
/** The synthetic pairs three times over under other names: a batch long enough to see its progress. */
const COPIES = ['', 'b_', 'c_'];
const pairs = COPIES.flatMap((prefix) =>
  Array.from({ length: SYNTHETIC_COUNT }, (_, k) => k + 1).flatMap((i) => [
    { name: `${prefix}scan${i}.png`, buffer: image(i) },
    { name: `${prefix}scan${i}_mask.png`, buffer: mask(i) },
  ]),
);
const total = COPIES.length * SYNTHETIC_COUNT;

test('batch time left, the per-image table sorted by Dice, and the best threshold from the Dice curve', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();

  // While the folder is segmented the list says how far it got and about how long is left.
  await studio.dropFiles(pairs);
  const eta = studio.byId('image-list.eta');
  await expect(eta).toContainText(new RegExp(`^\\d+ of ${total} segmented · (about \\d+ (s|min) left|less than a second left)$`), { timeout: 120_000 });
  await studio.waitAllSettled(total);
  await expect(eta).toHaveCount(0);

  // The table is folded under the metrics; sorted by Dice its first row is the worst pair.
  const table = studio.byId('study-table');
  await expect(table.locator('table')).toHaveCount(0);
  await table.locator('summary').click();
  const rows = studio.byId('study-table.row');
  await expect(rows).toHaveCount(total);
  await studio.byId('study-table.sort-name').click();
  await studio.byId('study-table.sort-dice').click();
  await expect(studio.byId('study-table.sort-dice').locator('..')).toHaveAttribute('aria-sort', 'ascending');
  const dice = (await rows.evaluateAll((list) => list.map((r) => Number(r.getAttribute('data-dice')))));
  expect(dice[0]).toBe(Math.min(...dice));
  expect(dice).toEqual([...dice].sort((a, b) => a - b));
  const worst = (await rows.first().getAttribute('data-name')) ?? '';
  await rows.first().getByTestId('study-table.select').click();
  await expect(studio.item(worst).locator('.item-select')).toHaveAttribute('aria-current', 'true');
  expect(await studio.selectedDice()).toBeCloseTo(dice[0], 12);
  // Sorting again by Dice turns the order round: the best first.
  await studio.byId('study-table.sort-dice').click();
  expect(Number(await rows.first().getAttribute('data-dice'))).toBe(Math.max(...dice));

  // The curve's best threshold: "Use" sets the threshold and the mean Dice reads the curve's figure.
  const curve = studio.byId('dice-curve');
  await expect(curve).toBeVisible();
  const best = Number(await curve.getAttribute('data-best-threshold'));
  const bestDice = Number(await curve.getAttribute('data-best-dice'));
  await studio.setThreshold(best === 0.2 ? 0.3 : 0.2);
  const before = await studio.meanDice();
  await expect(studio.byId('dice-curve.use')).toHaveText(`Use ${best.toFixed(2)}`);
  await studio.byId('dice-curve.use').click();
  await expect(studio.byId('controls.threshold-value')).toHaveText(best.toFixed(3));
  await expect(studio.byId('controls.threshold')).toHaveValue(String(best));
  expect(await studio.meanDice()).toBeCloseTo(bestDice, 12);
  expect(bestDice).toBeGreaterThanOrEqual(before);
  await expect(studio.byId('dice-curve.use')).toBeDisabled();
  await expect(studio.byId('dice-curve.chart.marker')).toContainText(`best ${best.toFixed(2)}`);
  await page.screenshot({ path: '/tmp/shots/study-overview-1400x1000.png', fullPage: true });

  // The printable summary: one HTML file with the model, the threshold, the mean ± SD and every image with its thumbnail.
  const summary = await studio.download('export.summary');
  expect(summary.suggestedFilename()).toBe('unet-studio-summary.html');
  const html = readFileSync((await summary.path()) ?? '', 'utf8');
  expect(html).toContain('<strong>unet-hc18-b16</strong>');
  expect(html).toContain(`threshold ${best.toFixed(3)} · ${total} images, ${total} with ground truth`);
  expect(html).toContain(`<th scope="row">Dice</th><td>${bestDice.toFixed(4)} ± `);
  expect(html.match(/<td class="name">[^<]*scan\d\.png<\/td>/g)).toHaveLength(total);
  expect(html.match(/<img src="data:image\/png;base64,/g)).toHaveLength(total);
  writeFileSync('/tmp/shots/study-summary.html', html);

  // At 900 px the curve and the table still fit their column (a screenshot to look at).
  await page.setViewportSize({ width: 900, height: 1000 });
  await studio.page.getByRole('region', { name: 'Study overview' }).screenshot({ path: '/tmp/shots/study-overview-900.png' });
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
});
