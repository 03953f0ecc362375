/**
 * Real third-party files the product used to misread (../shared/field), dropped on the page and
 * given to `npm run segment`: a DICOM with a TIFF header in its preamble, an RGB JPEG Baseline
 * DICOM, an enhanced multi-frame CT whose rescale, spacing and window live in functional groups, a
 * DICOM without file meta, and a 16-bit label-map ground truth. Each is read, with the same window
 * in the app and the CLI, and the label map scores Dice 0 (nothing predicted), not 1.
 * Skips (with the reason) on a clone without ../shared.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { expect, test } from './test';

const FIELD = resolve('../shared/field');
const IMAGES = [
  'dicom-tiff-preamble/CT_small.dcm',
  'dicom-rgb-jpeg-baseline/SC_jpeg_no_color_transform.dcm',
  'dicom-enhanced-functional-groups/eCT_Supplemental.dcm',
  'dicom-no-file-meta/no_meta.dcm',
  'label-map-ground-truth/images/nuclei.tif',
];
const LABEL_MAP = 'label-map-ground-truth/masks/nuclei.tif';

test.skip(!existsSync(FIELD), `needs ${FIELD} (the shared field files), absent on this machine`);

/** images.csv and metrics.csv of `npm run segment` on the same files, by file name. */
function segmentWithCli(): { images: Map<string, string[]>; metrics: Map<string, string[]>; header: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'unet-field-e2e-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  for (const f of IMAGES) copyFileSync(join(FIELD, f), join(dir, 'images', basename(f)));
  copyFileSync(join(FIELD, LABEL_MAP), join(dir, 'masks', 'nuclei.tif'));
  execFileSync('npx', ['tsx', 'src/cli/segment.ts', '--model', 'public/models/unet-hc18-b16', '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out')], { stdio: 'pipe' });
  const rows = (name: string) => readFileSync(join(dir, 'out', name), 'utf8').trim().split('\n').map((l) => l.split(','));
  const [header, ...images] = rows('images.csv');
  const [, ...metrics] = rows('metrics.csv');
  return { images: new Map(images.map((r) => [r[0], r])), metrics: new Map(metrics.map((r) => [r[0], r])), header };
}

test('field files: read as what they are, with the same window as npm run segment; a label map scores 0, not 1', async ({ studio }) => {
  test.setTimeout(300_000);
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([
    ...IMAGES.map((f) => ({ name: basename(f), buffer: readFileSync(join(FIELD, f)) })),
    { name: 'nuclei_mask.tif', buffer: readFileSync(join(FIELD, LABEL_MAP)) },
  ]);
  // The enhanced CT has two frames: six images in all, none refused.
  await studio.waitAllSettled(6);
  const cli = segmentWithCli();
  const centre = cli.header.indexOf('window_center');
  const width = cli.header.indexOf('window_width');
  for (const name of ['CT_small.dcm', 'SC_jpeg_no_color_transform.dcm', 'eCT_Supplemental.dcm#1', 'eCT_Supplemental.dcm#2', 'no_meta.dcm', 'nuclei.tif']) {
    const item = studio.item(name);
    await expect(item, name).toHaveAttribute('data-status', 'done');
    await item.click();
    const row = cli.images.get(name);
    expect(row, `${name} in the CLI's images.csv`).toBeDefined();
    if (name === 'SC_jpeg_no_color_transform.dcm') continue; // RGB: no window
    await expect(studio.byId('window.center'), `${name} window centre`).toHaveValue(String(Number(row?.[centre])));
    await expect(studio.byId('window.width'), `${name} window width`).toHaveValue(String(Number(row?.[width])));
  }
  // The enhanced CT: values in HU with the functional groups' window and spacing.
  await studio.item('eCT_Supplemental.dcm#1').click();
  await expect(studio.byId('window.center')).toHaveValue('49');
  await expect(studio.byId('window.width')).toHaveValue('102');
  await expect(studio.byId('scan.facts')).toContainText('0.388672');
  // The label map: read as labels, nothing predicted, Dice 0 as in the CLI.
  await studio.item('nuclei.tif').click();
  await expect(studio.byId('metrics.mask-reading')).toContainText('label map (125 labels');
  expect(await studio.selectedDice()).toBe(0);
  expect(Number(cli.metrics.get('nuclei.tif')?.[1])).toBe(0);
});
