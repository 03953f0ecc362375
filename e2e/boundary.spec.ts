/**
 * HD95 and ASSD of the selected pair: shown in the metrics panel, live with the threshold, and
 * the same as `npm run segment` writes to metrics.csv for the same image, mask and threshold.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvRecords } from '../src/files/csv';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { expect, test } from './test';

test('HD95 and ASSD of the selected pair match npm run segment and follow the threshold', async ({ studio }) => {
  test.setTimeout(120_000);
  const image = readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan3.png'));
  const mask = readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', 'scan3.png'));
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([
    { name: 'scan3.png', buffer: image },
    { name: 'scan3_mask.png', buffer: mask },
  ]);
  await studio.waitAllSettled(1);
  await studio.setThreshold(0.4);
  const boundary = studio.byId('metrics.boundary');
  await expect(boundary).toContainText(/^HD95 \d+\.\d px, ASSD \d+\.\d\d px \(no pixel spacing in the file: pixels only\)$/);
  const app = { hd95: Number(await boundary.getAttribute('data-hd95-px')), assd: Number(await boundary.getAttribute('data-assd-px')) };

  const dir = mkdtempSync(join(tmpdir(), 'boundary-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'images', 'scan3.png'), image);
  writeFileSync(join(dir, 'masks', 'scan3.png'), mask);
  execFileSync('npx', ['tsx', 'src/cli/segment.ts', '--model', 'public/models/unet-hc18-b16', '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out'), '--threshold', '0.4'], { stdio: 'pipe' });
  const [row] = csvRecords(readFileSync(join(dir, 'out', 'metrics.csv'), 'utf8'));
  // Equal to 1e-6 when both threshold the same pixels (as measured); the tolerance allows one
  // pixel lying on the threshold to go either way between the browser's and Node's WASM.
  expect(Math.abs(app.hd95 - Number(row.hd95_px))).toBeLessThan(0.5);
  expect(Math.abs(app.assd - Number(row.assd_px))).toBeLessThan(0.02);

  // A higher threshold changes the model's mask, and the distances follow.
  await studio.setThreshold(0.95);
  await expect(boundary).not.toHaveAttribute('data-assd-px', String(app.assd));
});
