/**
 * Real data: the 40 HC18 fetal-head pairs from ../shared with the bundled model, dropped as a
 * folder. The app's mean Dice must reach 0.95 and agree with `npm run segment` on the same files.
 * Skips (with the reason) on a clone without ../shared.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './test';
import { parseCsv, readZip } from './helpers';

const DATASET = resolve('../shared/data/hc18_fetal_head_us');
const PAIRS = 40;

test.skip(!existsSync(DATASET), `needs ${DATASET} (the shared datasets), absent on this machine`);

function segmentWithCli(): { dice: Map<string, number>; meanHcDifference: number; hc: Map<string, number> } {
  const out = mkdtempSync(join(tmpdir(), 'unet-cli-'));
  execFileSync(
    'npx',
    ['tsx', 'src/cli/segment.ts', '--model', 'public/models/unet-hc18-b16', '--images', join(DATASET, 'images'), '--masks', join(DATASET, 'masks'), '--pixel-sizes', join(DATASET, 'pixel_size_and_hc.csv'), '--out', out],
    { stdio: 'pipe' },
  );
  // The last row is the mean, labelled "(mean of N pairs)".
  const dice = new Map(
    parseCsv(readFileSync(join(out, 'metrics.csv'), 'utf8'))
      .filter((r) => !r.file.startsWith('(mean'))
      .map((r) => [r.file, Number(r.dice)]),
  );
  const summaries = parseCsv(readFileSync(join(out, 'images.csv'), 'utf8'));
  const differences = summaries.map((r) => Number(r.abs_diff_mm));
  return { dice, meanHcDifference: differences.reduce((a, b) => a + b, 0) / differences.length, hc: new Map(summaries.map((r) => [r.file, Number(r.hc_mm)])) };
}

test('HC18: mean Dice ≥ 0.95 in the app, matching npm run segment', async ({ studio }) => {
  test.setTimeout(400_000);
  await studio.recordLongTasks();
  await studio.open('?backend=wasm');
  await studio.waitReady();
  const before = (await studio.longTasks()).length;
  await studio.pickFolder(DATASET);
  // images/ pair with masks/; the outline annotations and manifest are listed as not paired.
  await studio.waitAllSettled(PAIRS);
  await expect(studio.byId('metrics.mean')).toContainText(`Mean of ${PAIRS} pairs`, { timeout: 300_000 });
  await expect(studio.byId('unpaired')).toContainText('manifest.csv');
  const appMean = await studio.meanDice();
  expect(appMean).toBeGreaterThanOrEqual(0.95);
  // The page stayed responsive while 40 images were decoded and segmented (in workers).
  const tasks = (await studio.longTasks()).slice(before);
  console.log(`main-thread long tasks while processing: ${tasks.length}, longest ${Math.round(Math.max(0, ...tasks))} ms`);
  expect(Math.max(0, ...tasks), 'longest main-thread task (ms)').toBeLessThan(250);

  const { dice: cli, meanHcDifference, hc: cliHc } = segmentWithCli();
  const cliMean = [...cli.values()].reduce((a, b) => a + b, 0) / cli.size;
  expect(cli.size).toBe(PAIRS);
  expect(Math.abs(appMean - cliMean)).toBeLessThanOrEqual(0.005);

  // Per image too, through the app's own metrics.csv export.
  const zip = readZip(await (await studio.download('export.zip')).path());
  // The last row is the mean, labelled "(mean of N pairs)".
  const appRows = parseCsv(new TextDecoder().decode(zip['metrics.csv'])).filter((r) => !r.file.startsWith('(mean'));
  expect(appRows).toHaveLength(PAIRS);
  for (const row of appRows) expect(Math.abs(Number(row.dice) - (cli.get(row.file) ?? -1))).toBeLessThanOrEqual(0.005);
  // The export's images.csv has the biometry columns, each image's HC in mm within 0.1 mm of the CLI's.
  const appSummaries = parseCsv(new TextDecoder().decode(zip['images.csv']));
  expect(appSummaries).toHaveLength(PAIRS);
  for (const row of appSummaries) {
    expect(row.pixel_size_source).toBe('csv');
    expect(Math.abs(Number(row.hc_mm) - (cliHc.get(row.file) ?? NaN)), row.file).toBeLessThanOrEqual(0.1);
  }
  console.log(`HC18 mean Dice: app ${appMean.toFixed(4)}, npm run segment ${cliMean.toFixed(4)} (WASM)`);

  // The pixel-size CSV picked with the folder gives each image its pixel size and reference HC:
  // the app's mean |HC − reference| is the CLI's (same fit, same masks).
  await expect(studio.byId('biometry.reference')).toContainText(/^Reference HC [\d.]+ mm \(pixel_size_and_hc\.csv\): the prediction is off by \d+\.\d\d mm\.$/);
  await studio.byId('biometry.compare-all').click();
  const mean = studio.byId('biometry.mean-difference');
  await expect(mean).toHaveAttribute('data-count', String(PAIRS), { timeout: 120_000 });
  const appHc = Number(await mean.getAttribute('data-mean'));
  expect(Math.abs(appHc - meanHcDifference)).toBeLessThanOrEqual(0.01);
  console.log(`HC18 mean |HC − reference|: app ${appHc.toFixed(3)} mm, npm run segment ${meanHcDifference.toFixed(3)} mm`);
});
