/**
 * `npm run bench [-- --json] [--backends webgpu,webgl,wasm,cpu] [--models bundled,tiny] [--runs 5]
 *   [--train tiny] [--pairs 8]`
 *
 * Measures what a user gets in headless Chromium (Debian's): the app's warm-up (first run,
 * kernel compilation included) and the per-image inference time over repeated runs, for each
 * backend and model, and the seconds per fine-tuning epoch through the app's own training panel
 * (WebGPU and WebGL), in one run so the figures compare. Inference time is the model alone
 * (typed array in, probabilities out), as the app reports it. Prints a table, or with --json one
 * object per line: {"backend","model","op":"predict"|"train_epoch","kernel":"stock","batch","median_ms",...}.
 */
import { chromium, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { makeFixtures, FIXTURES_DIR } from '../e2e/fixtures/makeFixtures';
import { syntheticPair } from '../e2e/fixtures/synthetic';
import { parseArgs } from '../src/cli/args';

const PORT = 4190;
const BASE = '/bench/';
const MODELS: Record<string, string> = { bundled: 'models/unet-hc18-b16/model.json', tiny: '../fixtures/tiny/model.json' };

interface Result {
  backend: string;
  model: string;
  op: 'predict' | 'train_epoch';
  kernel: 'stock';
  batch: number;
  pairs?: number;
  runs: number;
  first_run_ms: number;
  median_ms: number;
  min_ms: number;
  adapter: string | null;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function measure(page: Page, backend: string, model: string, runs: number): Promise<Result | string> {
  await page.goto(`http://127.0.0.1:${PORT}${BASE}?backend=${backend}&model=${encodeURIComponent(MODELS[model])}`);
  const ready = page.getByTestId('status.model');
  const failed = page.getByTestId('status.error');
  await ready.or(failed).waitFor({ timeout: 900_000 });
  if (await failed.count()) return (await failed.textContent()) ?? 'failed';
  const firstRun = Number(await ready.getAttribute('data-warmup-ms'));
  const adapter = await page.getByTestId('status.backend').getAttribute('data-adapter');
  const scan = syntheticPair(1);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i === 0) {
      await page.getByTestId('drop-zone.files').setInputFiles({ name: 'scan.png', mimeType: 'image/png', buffer: Buffer.from(scan.image) });
    } else {
      await page.getByTestId('controls.rerun').click();
    }
    await page.locator('[data-testid="image-list.item"][data-status="done"]').waitFor({ timeout: 900_000 });
    times.push(Number(await page.getByTestId('viewer.inference').getAttribute('data-ms')));
  }
  return {
    backend,
    model,
    op: 'predict',
    kernel: 'stock',
    batch: 1,
    runs,
    first_run_ms: Math.round(firstRun),
    median_ms: Math.round(median(times) * 10) / 10,
    min_ms: Math.round(Math.min(...times) * 10) / 10,
    adapter: adapter || null,
  };
}

/** Seconds per fine-tuning epoch in the app: `pairs` generated pairs at batch 2, 25 % validation. */
async function measureTraining(page: Page, backend: string, model: string, pairs: number, epochs: number): Promise<Result | string> {
  await page.goto(`http://127.0.0.1:${PORT}${BASE}?backend=${backend}&model=${encodeURIComponent(MODELS[model])}`);
  await page.getByTestId('status.model').or(page.getByTestId('status.error')).waitFor({ timeout: 900_000 });
  const unavailable = page.getByTestId('training.unavailable');
  if (await unavailable.count()) return (await unavailable.textContent()) ?? 'cannot train';
  const files = Array.from({ length: pairs }, (_, i) => syntheticPair(i + 1)).flatMap((p, i) => [
    { name: `s${i}.png`, mimeType: 'image/png', buffer: Buffer.from(p.image) },
    { name: `s${i}_mask.png`, mimeType: 'image/png', buffer: Buffer.from(p.mask) },
  ]);
  await page.getByTestId('drop-zone.files').setInputFiles(files);
  await page.locator('[data-testid="image-list.item"][data-status="done"]').nth(pairs - 1).waitFor({ timeout: 900_000 });
  await page.getByTestId('training.epochs').fill(String(epochs));
  await page.getByTestId('training.batchSize').fill('2');
  await page.getByTestId('training.validationPercent').fill('25');
  await page.getByTestId('training.start').click();
  const progress = page.getByTestId('training.progress');
  await page.locator('[data-testid="training.progress"][data-status="done"], [data-testid="training.progress"][data-status="error"]').waitFor({ timeout: 1_800_000 });
  if ((await progress.getAttribute('data-status')) === 'error') return (await page.getByTestId('training.message').textContent()) ?? 'failed';
  const seconds = ((await progress.getAttribute('data-epoch-seconds')) ?? '').split(' ').map(Number);
  const adapter = await page.getByTestId('status.backend').getAttribute('data-adapter');
  return {
    backend,
    model,
    op: 'train_epoch',
    kernel: 'stock',
    batch: 2,
    pairs,
    runs: seconds.length,
    first_run_ms: Math.round(seconds[0] * 1000),
    median_ms: Math.round(median(seconds.slice(1).length ? seconds.slice(1) : seconds) * 1000),
    min_ms: Math.round(Math.min(...seconds) * 1000),
    adapter: adapter || null,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['json']);
  const backends = (args.values.get('backends') ?? 'webgpu,webgl,wasm,cpu').split(',');
  const models = (args.values.get('models') ?? 'tiny,bundled').split(',');
  const runs = Number(args.values.get('runs') ?? '5');
  const trainModels = (args.values.get('train') ?? 'tiny').split(',').filter(Boolean);
  const trainPairs = Number(args.values.get('pairs') ?? '8');
  if (!existsSync('dist/index.html')) throw new Error('build first: npm run build');
  if (!existsSync(`${FIXTURES_DIR}/tiny/model.json`)) await makeFixtures();
  const server = spawn('node', ['scripts/serve-dist.mjs', '--port', String(PORT), '--base', BASE, '--mount', `/fixtures/=${FIXTURES_DIR}`], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu', '--no-sandbox', '--disable-gpu-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const results: Result[] = [];
  try {
    for (const model of models) {
      for (const backend of backends) {
        const page = await browser.newPage();
        const r = await measure(page, backend, model, runs);
        await page.close();
        if (typeof r === 'string') {
          console.error(`${model} on ${backend}: ${r}`);
          continue;
        }
        results.push(r);
        if (args.switches.has('json')) console.log(JSON.stringify(r));
        else console.error(`${model} on ${backend}: first run ${r.first_run_ms} ms, median ${r.median_ms} ms`);
      }
    }
    for (const model of trainModels) {
      for (const backend of backends.filter((b) => b === 'webgpu' || b === 'webgl')) {
        const page = await browser.newPage();
        const r = await measureTraining(page, backend, model, trainPairs, 3);
        await page.close();
        if (typeof r === 'string') {
          console.error(`train ${model} on ${backend}: ${r}`);
          continue;
        }
        results.push(r);
        if (args.switches.has('json')) console.log(JSON.stringify(r));
        else console.error(`train ${model} on ${backend}: ${r.median_ms} ms per epoch (${trainPairs} pairs)`);
      }
    }
  } finally {
    await browser.close();
    server.kill();
  }
  if (!args.switches.has('json')) {
    console.log(`\nHeadless Chromium (${process.arch}, ${(await import('node:os')).cpus().length} cores); predict: batch 1, ${runs} runs; train_epoch: batch 2, ${trainPairs} pairs, 3 epochs (median of epochs 2–3)`);
    console.log('| op | model | backend | adapter | first (ms) | median (ms) | min (ms) |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of results) console.log(`| ${r.op} | ${r.model} | ${r.backend} | ${r.adapter ?? ''} | ${r.first_run_ms} | ${r.median_ms} | ${r.min_ms} |`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
