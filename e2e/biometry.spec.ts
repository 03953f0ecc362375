/**
 * Head biometry in the app: three HC18 pairs from ../shared with the bundled model. The panel
 * shows HC in pixels until a pixel size is entered, then in mm, for the prediction and the ground
 * truth, the same as `npm run segment` gives for the same files (within 0.1 mm); the fitted
 * ellipse is drawn on the image, centred where the CLI puts it.
 * Skips (with the reason) on a clone without ../shared.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './test';
import { csvRecords } from '../src/files/csv';

const DATASET = resolve('../shared/data/hc18_fetal_head_us');
const FILES = ['001_HC.png', '192_HC.png', '468_HC.png'];

test.skip(!existsSync(DATASET), `needs ${DATASET} (the shared datasets), absent on this machine`);

function measureWithCli(): Map<string, Record<string, string>> {
  const dir = mkdtempSync(join(tmpdir(), 'unet-hc-e2e-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  for (const f of FILES) for (const sub of ['images', 'masks']) copyFileSync(join(DATASET, sub, f), join(dir, sub, f));
  execFileSync(
    'npx',
    ['tsx', 'src/cli/segment.ts', '--model', 'public/models/unet-hc18-b16', '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--pixel-sizes', join(DATASET, 'pixel_size_and_hc.csv'), '--out', join(dir, 'out')],
    { stdio: 'pipe' },
  );
  return new Map(csvRecords(readFileSync(join(dir, 'out', 'images.csv'), 'utf8')).map((r) => [r.file, r]));
}

test('HC18: HC, BPD and OFD for the selected image, in px and then in mm, as npm run segment gives them', async ({ studio }) => {
  test.setTimeout(300_000);
  await studio.open('?backend=wasm');
  await studio.waitReady();
  const files = FILES.flatMap((f) => [
    { name: f, buffer: readFileSync(join(DATASET, 'images', f)) },
    { name: f.replace('.png', '_mask.png'), buffer: readFileSync(join(DATASET, 'masks', f)) },
  ]);
  await studio.dropFiles(files);
  await studio.waitAllSettled(FILES.length);
  const cli = measureWithCli();
  const sizes = new Map(readFileSync(join(DATASET, 'pixel_size_and_hc.csv'), 'utf8').trim().split('\n').slice(1).map((l) => [l.split(',')[0], l.split(',')[1]]));

  for (const f of FILES) {
    await studio.item(f).click();
    await expect(studio.byId('metrics.selected')).toContainText(f);
    const row = cli.get(f);
    expect(row, f).toBeDefined();
    const hc = async (who: 'predicted' | 'truth') => Number(await studio.byId(`biometry.${who}.hc`).getAttribute('data-value'));
    await expect(studio.byId('biometry.pixel-size')).toContainText('No pixel size: lengths are in pixels.');
    await expect(studio.byId('biometry.predicted.hc')).toBeVisible();
    expect(Math.abs((await hc('predicted')) - Number(row?.hc_px)), `${f} HC in px`).toBeLessThan(0.5);
    // The fitted ellipse is drawn on the image where the CLI puts its centre, with its two axes.
    const drawn = studio.byId('viewer.ellipse').locator('.ellipse-predicted');
    await expect(drawn).toBeVisible();
    expect(Math.abs(Number(await drawn.getAttribute('data-cx')) - Number(row?.ellipse_cx_px)), `${f} ellipse centre x`).toBeLessThan(0.5);
    expect(Math.abs(Number(await drawn.getAttribute('data-cy')) - Number(row?.ellipse_cy_px)), `${f} ellipse centre y`).toBeLessThan(0.5);
    await expect(studio.byId('viewer.ellipse.ofd')).toHaveCount(1);
    await expect(studio.byId('viewer.ellipse.bpd')).toHaveCount(1);
    await studio.byId('biometry.pixel-input').fill(sizes.get(f) ?? '');
    await expect(studio.byId('biometry.pixel-size')).toContainText('entered');
    expect(Math.abs((await hc('predicted')) - Number(row?.hc_mm)), `${f} HC in mm`).toBeLessThanOrEqual(0.1);
    expect(Math.abs((await hc('truth')) - Number(row?.gt_hc_mm)), `${f} ground truth HC in mm`).toBeLessThanOrEqual(0.1);
    console.log(`${f}: app HC ${(await hc('predicted')).toFixed(2)} mm, npm run segment ${Number(row?.hc_mm).toFixed(2)} mm, reference ${row?.reference_hc_mm}`);
    await studio.byId('biometry.pixel-input').fill('');
  }
  // The drawing can be switched off and on.
  await studio.byId('biometry.show-ellipse').uncheck();
  await expect(studio.byId('viewer.ellipse')).toHaveCount(0);
  await studio.byId('biometry.show-ellipse').check();
  await expect(studio.byId('viewer.ellipse')).toHaveCount(1);
});
