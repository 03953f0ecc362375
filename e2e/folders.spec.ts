/**
 * Two scans with the same file name from different folders (siteA/scan.png, siteB/scan.png) are
 * both kept: listed, segmented, scored against the mask from their own folder and exported under
 * their folder's name — none dropped as "another image is also named scan".
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { readZip } from './helpers';
import { expect, test } from './test';

const synthetic = (kind: 'images' | 'masks', i: number) => readFileSync(join(FIXTURES_DIR, 'synthetic', kind, `scan${i}.png`));

test('same-named scans from two sites are both kept, paired within their own folder, and exported apart', async ({ studio, page }) => {
  const root = join(mkdtempSync(join(tmpdir(), 'unet-sites-')), 'study');
  for (const [site, i] of [['siteA', 1], ['siteB', 2]] as const) {
    mkdirSync(join(root, site, 'masks'), { recursive: true });
    writeFileSync(join(root, site, 'scan.png'), synthetic('images', i));
    writeFileSync(join(root, site, 'masks', 'scan.png'), synthetic('masks', i));
  }
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.pickFolder(root);
  await studio.waitAllSettled(2);
  await expect(page.getByTestId('unpaired')).toHaveCount(0);
  for (const name of ['siteA/scan.png', 'siteB/scan.png']) {
    await expect(studio.item(name), name).toHaveAttribute('data-status', 'done');
    await studio.item(name).click();
    // Each is scored against its own site's mask: the synthetic pairs score well only when matched.
    expect(await studio.selectedDice(), name).toBeGreaterThan(0.5);
  }
  const zip = readZip(await (await studio.download('export.zip')).path());
  expect(Object.keys(zip)).toEqual(expect.arrayContaining(['masks/siteA/scan.png', 'masks/siteB/scan.png', 'metrics.csv', 'images.csv']));
  const metrics = new TextDecoder().decode(zip['metrics.csv']);
  expect(metrics).toContain('\nsiteA/scan.png,');
  expect(metrics).toContain('\nsiteB/scan.png,');
});
