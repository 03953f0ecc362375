/**
 * `npm run train:browser -- --images <dir> --masks <dir> [--epochs 10] [--validation 33]
 *   [--batch 4] [--lr 0.001] [--backend wasm|webgpu|webgl] [--no-augment]`
 *
 * Fine-tunes the bundled model in the built app (dist/, `npm run build` first) in headless
 * Chromium, exactly as a user would through the training panel: drops the image/mask pairs,
 * sets the options, starts, waits. Prints the backend (and WASM threads), seconds per epoch, and
 * the panel's mean Dice on the validation pairs and on all pairs before and after — the figures
 * the README quotes for fine-tuning in the browser.
 */
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from '../src/cli/args';
import { runCli } from '../src/cli/run';

const PORT = 4195;
const BASE = '/train/';
const HOURS = 3 * 3_600_000;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), {
    options: { images: 'text', masks: 'text', epochs: 'number', validation: 'number', batch: 'number', lr: 'number', backend: ['wasm', 'webgpu', 'webgl'] },
    switches: ['no-augment'],
  });
  const images = args.values.get('images');
  const masks = args.values.get('masks');
  if (!images || !masks) throw new Error('--images and --masks are required');
  if (!existsSync('dist/index.html')) throw new Error('build the app first: npm run build');
  const names = readdirSync(images).filter((n) => existsSync(join(masks, n))).sort();
  if (names.length === 0) throw new Error(`no image in ${images} has a mask of the same name in ${masks}`);
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
    const set = async (key: string, value: number | undefined) => {
      if (value !== undefined) await page.getByTestId(`training.${key}`).fill(String(value));
    };
    await set('epochs', args.values.has('epochs') ? Number(args.values.get('epochs')) : 10);
    await set('validationPercent', args.values.has('validation') ? Number(args.values.get('validation')) : 33);
    await set('batchSize', args.values.has('batch') ? Number(args.values.get('batch')) : 4);
    await set('learningRate', args.values.has('lr') ? Number(args.values.get('lr')) : 0.001);
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
  } finally {
    await browser.close();
    server.kill();
  }
}

runCli(async () => {
  await main();
  return 0;
});
