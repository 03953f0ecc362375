/**
 * Real data: the bundled PSFHS model (public/models/unet-psfhs-b16-128) on the 32 frames its card
 * says were held out, from ../shared. Chosen in the model list as a user would; the app's
 * per-class mean Dice must be the card's (within 0.005), and the angle of progression of a frame
 * must equal `npm run segment`'s. Skips (with the reason) on a clone without ../shared.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from './test';
import { parseCsv, readZip } from './helpers';

const DATASET = resolve('../shared/data/psfhs_intrapartum_us');
const MODEL = 'public/models/unet-psfhs-b16-128';

test.skip(!existsSync(DATASET), `needs ${DATASET} (the shared datasets), absent on this machine`);

/** The held-out frames, as the card lists them. */
function heldOut(): string[] {
  const card = readFileSync(join(MODEL, 'MODEL_CARD.md'), 'utf8');
  const line = [...card.matchAll(/^- Held out: (.*)\.$/gm)].pop()?.[1] ?? '';
  return line.split(', ').map((f) => f.trim());
}

/** The card's per-class Dice through the product ("| pubic symphysis | **0.8458** |"). */
function cardDice(name: string): number {
  const card = readFileSync(join(MODEL, 'MODEL_CARD.md'), 'utf8');
  const m = card.match(new RegExp(`^\\| ${name} \\| \\*\\*([\\d.]+)\\*\\* \\|`, 'm'));
  if (!m) throw new Error(`the card has no through-the-product Dice for ${name}`);
  return Number(m[1]);
}

test('the bundled PSFHS model on its held-out frames: the card per-class Dice, and the angle of progression as npm run segment', async ({ studio, page }) => {
  test.setTimeout(300_000);
  const files = heldOut();
  expect(files).toHaveLength(32);
  const dir = mkdtempSync(join(tmpdir(), 'psfhs-'));
  for (const sub of ['images', 'masks']) {
    mkdirSync(join(dir, sub));
    for (const f of files) symlinkSync(join(DATASET, sub, f), join(dir, sub, f));
  }
  execFileSync('npx', ['tsx', 'src/cli/segment.ts', '--model', MODEL, '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out')], { stdio: 'pipe' });
  const cliAop = new Map(parseCsv(readFileSync(join(dir, 'out', 'images.csv'), 'utf8')).map((r) => [r.file, Number(r.aop_deg)]));

  await studio.open('?backend=wasm');
  await studio.waitReady();
  await page.locator('[data-testid="models.entry"][data-name="unet-psfhs-b16-128"] input').click();
  await expect(studio.byId('status.model')).toContainText('3-class softmax out');
  await studio.dropFiles(
    files.flatMap((f) => [
      { name: f, buffer: readFileSync(join(DATASET, 'images', f)) },
      { name: f.replace('.png', '_mask.png'), buffer: readFileSync(join(DATASET, 'masks', f)) },
    ]),
  );
  await studio.waitAllSettled(32);
  const mean = async (k: number) => Number(await studio.byId(`metrics.mean.class-${k}.dice`).getAttribute('data-value'));
  await expect(studio.byId('metrics.mean.class-1')).toContainText('Mean of 32 pairs');
  expect(Math.abs((await mean(1)) - cardDice('pubic symphysis'))).toBeLessThan(0.005);
  expect(Math.abs((await mean(2)) - cardDice('fetal head'))).toBeLessThan(0.005);

  // The selected frame's angle of progression, drawn and equal to the command line's.
  const first = files.slice().sort()[0];
  await studio.items().filter({ hasText: first }).first().click();
  const aop = studio.byId('aop.predicted');
  await expect(aop).not.toHaveAttribute('data-degrees', '');
  expect(Math.abs(Number(await aop.getAttribute('data-degrees')) - (cliAop.get(first) ?? NaN))).toBeLessThan(0.1);
  await expect(studio.byId('aop.truth')).toBeVisible();
  await expect(studio.byId('viewer.angle.predicted')).toBeVisible();

  // The export's images.csv has every frame's angle, as the command line's.
  const zip = readZip(await (await studio.download('export.zip')).path());
  const rows = parseCsv(new TextDecoder().decode(zip['images.csv']));
  expect(rows).toHaveLength(32);
  for (const row of rows) expect(Math.abs(Number(row.aop_deg) - (cliAop.get(row.file) ?? NaN)), row.file).toBeLessThan(0.1);
});
