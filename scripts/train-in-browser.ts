/**
 * `npm run train:browser -- --images <dir> --masks <dir> [--epochs 10] [--validation 33]
 *   [--batch 4] [--lr 0.001] [--backend wasm|webgpu|webgl] [--no-augment]
 *   [--train <n> [--corrections]]`
 *
 * With `--train n`, only the first n pairs (by name) are dropped and trained on; the others are
 * held out and scored before and after with `npm run segment` (the bundled model, then the
 * fine-tuned model exported from the panel), at their original resolution. With `--corrections`
 * each of the n masks becomes a correction through the editor's own path (Edit the ground truth,
 * Accept), so the round trains on corrected pairs exactly as after painting.
 *
 * Fine-tunes the bundled model in the built app (dist/, `npm run build` first) in headless
 * Chromium, exactly as a user would through the training panel: drops the image/mask pairs,
 * sets the options, starts, waits. Prints the backend (and WASM threads), seconds per epoch, and
 * the panel's mean Dice on the validation pairs and on all pairs before and after — the figures
 * the README quotes for fine-tuning in the browser.
 */
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { csvRecords } from '../src/files/csv';
import { numberFrom, parseArgs, UsageError, wholeFrom } from '../src/cli/args';
import { TRAINING_LIMITS } from '../src/model/trainTypes';
import { runCli } from '../src/cli/run';

const PORT = 4195;
const BASE = '/train/';
const HOURS = 3 * 3_600_000;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    // The panel's own ranges: its inputs would clamp a value outside them without a word.
    options: {
      images: 'text',
      masks: 'text',
      epochs: wholeFrom(TRAINING_LIMITS.epochs.min, TRAINING_LIMITS.epochs.max),
      validation: numberFrom(TRAINING_LIMITS.validationPercent.min, TRAINING_LIMITS.validationPercent.max, '(per cent of the pairs held out)'),
      batch: wholeFrom(TRAINING_LIMITS.batchSize.min, TRAINING_LIMITS.batchSize.max),
      lr: numberFrom(TRAINING_LIMITS.learningRate.min, TRAINING_LIMITS.learningRate.max),
      backend: ['wasm', 'webgpu', 'webgl'],
      train: wholeFrom(1, Infinity, '(pairs to train on)'),
    },
    switches: ['no-augment', 'corrections'],
  });
  const images = args.values.get('images');
  const masks = args.values.get('masks');
  if (!images || !masks) throw new Error('--images and --masks are required');
  if (!existsSync('dist/index.html')) throw new Error('build the app first: npm run build');
  const all = readdirSync(images).filter((n) => existsSync(join(masks, n))).sort();
  if (all.length === 0) throw new Error(`no image in ${images} has a mask of the same name in ${masks}`);
  const trainCount = args.numbers.get('train') ?? all.length;
  if (trainCount > all.length) throw new UsageError(`--train ${trainCount} asks for more pairs than the ${all.length} in ${images}`);
  const names = all.slice(0, trainCount);
  const heldOut = all.slice(trainCount);
  const work = mkdtempSync(join(tmpdir(), 'train-browser-'));
  /** Mean Dice of a model on the held-out pairs at original resolution, with the same CLI users run. */
  const scoreHeldOut = (model: string, label: string): string => {
    if (heldOut.length === 0) return 'no held-out pairs';
    const dir = join(work, 'held-out');
    if (!existsSync(dir)) {
      mkdirSync(join(dir, 'images'), { recursive: true });
      mkdirSync(join(dir, 'masks'), { recursive: true });
      for (const n of heldOut) {
        symlinkSync(resolve(images, n), join(dir, 'images', n));
        symlinkSync(resolve(masks, n), join(dir, 'masks', n));
      }
    }
    const out = join(work, `segment-${label}`);
    execFileSync('npx', ['tsx', 'src/cli/segment.ts', '--model', model, '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', out], { stdio: 'pipe' });
    const dice = csvRecords(readFileSync(join(out, 'metrics.csv'), 'utf8'))
      .filter((r) => !r.file.startsWith('(mean'))
      .map((r) => Number(r.dice));
    return `${(dice.reduce((a, b) => a + b, 0) / dice.length).toFixed(4)} over ${dice.length} held-out pairs`;
  };
  const server = spawn('node', ['scripts/serve-dist.mjs', '--port', String(PORT), '--base', BASE], { stdio: 'ignore' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu', '--no-sandbox', '--disable-gpu-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const page = await browser.newPage();
    page.setDefaultTimeout(HOURS);
    const backend = args.values.get('backend');
    await page.goto(`http://127.0.0.1:${PORT}${BASE}${backend ? `?backend=${backend}` : ''}`);
    await page.getByTestId('status.backend').waitFor();
    const chosen = await page.getByTestId('status.backend').getAttribute('data-backend');
    await page.getByTestId('drop-zone.files').setInputFiles(names.map((n) => join(images, n)));
    await page.locator('[data-testid="image-list.item"][data-status="done"]').nth(names.length - 1).waitFor();
    // Masks named <image>_mask.<ext> pair with their images, as the app's pairing rules say.
    await page.getByTestId('drop-zone.files').setInputFiles(names.map((n) => ({ name: n.replace(/(\.[^.]+)$/, '_mask$1'), mimeType: 'image/png', buffer: readFileSync(join(masks, n)) })));
    await page.locator('[data-testid="image-list.dice"]').nth(names.length - 1).waitFor();
    if (args.switches.has('corrections')) {
      // Every mask becomes a correction through the editor: Edit the ground truth, Accept.
      for (const n of names) {
        const row = page.locator(`[data-testid="image-list.item"][data-name="${n}"]`);
        await row.locator('.item-select').click();
        await page.getByTestId('editor.start-truth').click();
        await page.getByTestId('editor.accept').click();
        await row.getByTestId('image-list.corrected').waitFor();
      }
    }
    const set = async (key: string, value: number | undefined) => {
      if (value !== undefined) await page.getByTestId(`training.${key}`).fill(String(value));
    };
    await set('epochs', args.numbers.get('epochs') ?? 10);
    await set('validationPercent', args.numbers.get('validation') ?? 33);
    await set('batchSize', args.numbers.get('batch') ?? 4);
    await set('learningRate', args.numbers.get('lr') ?? 0.001);
    if (args.switches.has('no-augment')) await page.getByLabel(/Augment/).uncheck();
    const line = (await page.getByTestId('training.backend').textContent()) ?? '';
    const started = Date.now();
    await page.getByTestId('training.start').click();
    await page.locator('[data-testid="training.progress"][data-status="done"], [data-testid="training.progress"][data-status="error"], [data-testid="training.progress"][data-status="stopped"]').waitFor();
    await page.locator('[data-testid="image-list.item"][data-status="done"]').nth(names.length - 1).waitFor();
    const seconds = ((await page.getByTestId('training.progress').getAttribute('data-epoch-seconds')) ?? '').split(' ').map(Number);
    const text = async (id: string) => (await page.getByTestId(id).textContent())?.trim() ?? '';
    console.log(`backend: ${chosen}; ${line.replace(/\s+/g, ' ').trim()}`);
    console.log(`pairs: ${names.length}; ${await text('training.message')}`);
    console.log(`seconds per epoch: ${seconds.map((s) => s.toFixed(1)).join(', ')}; wall ${((Date.now() - started) / 1000).toFixed(0)} s`);
    console.log(`validation Dice: before ${await text('training.before-validation')}, after ${await text('training.now-validation')}`);
    console.log(`all pairs Dice: before ${await text('training.before-all')}, after ${await text('training.now-all')}`);
    if (heldOut.length > 0) {
      const download = page.waitForEvent('download');
      await page.getByTestId('training.export').click();
      const zip = unzipSync(readFileSync(await (await download).path()));
      const modelDir = join(work, 'fine-tuned');
      mkdirSync(modelDir, { recursive: true });
      for (const [name, bytes] of Object.entries(zip)) writeFileSync(join(modelDir, name), bytes);
      console.log(`held-out Dice at original resolution (npm run segment, WASM): bundled model ${scoreHeldOut('public/models/unet-hc18-b16', 'before')}; fine-tuned ${scoreHeldOut(modelDir, 'after')}`);
    }
  } finally {
    await browser.close();
    server.kill();
  }
}

runCli(async () => {
  await main();
  return 0;
});
