/**
 * `npm run bench [-- --json] [--backends webgpu,webgl,wasm] [--models tiny] [--filter-models base16]
 *   [--runs 5] [--app]`
 *
 * Measures in headless Chromium (Debian's), per backend, with the same harness as
 * `npm run bench:node` (src/bench/harness.ts): for each U-Net of --models (tiny, tinybn, base16, base16bn, base32),
 * the first predict (compilation included), predict at batch 1 and 8, a training step at batch 4;
 * for those and --filter-models, every Conv2DBackpropFilter of one batch-4 step — on WebGPU with
 * TF.js's kernel and with ours in the same run. --app adds what a user of the app gets: warm-up
 * and per-image time of the bundled and tiny models through the page, and seconds per
 * fine-tuning epoch through the training panel. Prints a table, or with --json one object per line:
 * {"backend","adapter","model","op","kernel","batch","median_ms",...}.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { makeFixtures, FIXTURES_DIR } from '../e2e/fixtures/makeFixtures';
import { syntheticPair } from '../e2e/fixtures/synthetic';
import { isBenchModel } from '../src/bench/models';
import { formatTable, median, type BenchRow } from '../src/bench/rows';
import { parseArgs, wholeFrom } from '../src/cli/args';
import { runCli } from '../src/cli/run';

const PORT = 4190;
const BASE = '/bench/';
const PAGE_DIR = '.bench-page';
const APP_MODELS: Record<string, string> = { bundled: 'models/unet-hc18-b16/model.json', tiny: '../fixtures/tiny/model.json' };
const LONG = 3_600_000;

/** Bundles the harness page: one script, TF.js's WASM binaries beside it, no other origin. */
async function buildBenchPage(): Promise<void> {
  rmSync(PAGE_DIR, { recursive: true, force: true });
  mkdirSync(PAGE_DIR);
  await build({ entryPoints: ['src/bench/browser.ts'], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: `${PAGE_DIR}/bench.js`, logLevel: 'warning' });
  const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(`${wasmDir}/${f}`, `${PAGE_DIR}/${f}`);
  writeFileSync(`${PAGE_DIR}/index.html`, '<!doctype html><meta charset="utf-8"><title>U-Net Studio bench</title><script type="module" src="./bench.js"></script>\n');
}

function serve(dir: string, base: string, extra: string[] = []): ChildProcess {
  return spawn('node', ['scripts/serve-dist.mjs', '--port', String(PORT), '--dir', dir, '--base', base, ...extra], { stdio: 'ignore' });
}

async function harnessRows(browser: Browser, backend: string, query: URLSearchParams, emit: (row: BenchRow) => void): Promise<void> {
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(`[${backend}] ${e.message}`));
  let done!: (error: string | null) => void;
  const finished = new Promise<string | null>((resolve) => (done = resolve));
  await page.exposeFunction('benchEmit', (row: BenchRow) => emit(row));
  await page.exposeFunction('benchDone', (error: string | null) => done(error));
  await page.goto(`http://127.0.0.1:${PORT}${BASE}?backend=${backend}&${query}`);
  const error = await finished;
  await page.close();
  if (error) console.error(`${backend}: ${error}`);
}

interface Result {
  backend: string;
  model: string;
  op: 'app_predict' | 'train_epoch';
  /** The app runs our WebGPU kernels; other backends have only TF.js's. */
  kernel: 'stock' | 'custom';
  batch: number;
  pairs?: number;
  runs: number;
  first_run_ms: number;
  median_ms: number;
  min_ms: number;
  adapter: string | null;
}

async function measure(page: Page, backend: string, model: string, runs: number): Promise<Result | string> {
  await page.goto(`http://127.0.0.1:${PORT}${BASE}?backend=${backend}&model=${encodeURIComponent(APP_MODELS[model])}`);
  const ready = page.getByTestId('status.model');
  const failed = page.getByTestId('status.error');
  await ready.or(failed).waitFor({ timeout: LONG });
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
    await page.locator('[data-testid="image-list.item"][data-status="done"]').waitFor({ timeout: LONG });
    times.push(Number(await page.getByTestId('viewer.inference').getAttribute('data-ms')));
  }
  return {
    backend,
    model,
    op: 'app_predict',
    kernel: backend === 'webgpu' ? 'custom' : 'stock',
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
  await page.goto(`http://127.0.0.1:${PORT}${BASE}?backend=${backend}&model=${encodeURIComponent(APP_MODELS[model])}`);
  await page.getByTestId('status.model').or(page.getByTestId('status.error')).waitFor({ timeout: LONG });
  const unavailable = page.getByTestId('training.unavailable');
  if (await unavailable.count()) return (await unavailable.textContent()) ?? 'cannot train';
  const files = Array.from({ length: pairs }, (_, i) => syntheticPair(i + 1)).flatMap((p, i) => [
    { name: `s${i}.png`, mimeType: 'image/png', buffer: Buffer.from(p.image) },
    { name: `s${i}_mask.png`, mimeType: 'image/png', buffer: Buffer.from(p.mask) },
  ]);
  await page.getByTestId('drop-zone.files').setInputFiles(files);
  await page.locator('[data-testid="image-list.item"][data-status="done"]').nth(pairs - 1).waitFor({ timeout: LONG });
  await page.getByTestId('training.epochs').fill(String(epochs));
  await page.getByTestId('training.batchSize').fill('2');
  await page.getByTestId('training.validationPercent').fill('25');
  await page.getByTestId('training.start').click();
  const progress = page.getByTestId('training.progress');
  await page.locator('[data-testid="training.progress"][data-status="done"], [data-testid="training.progress"][data-status="error"]').waitFor({ timeout: LONG });
  if ((await progress.getAttribute('data-status')) === 'error') return (await page.getByTestId('training.message').textContent()) ?? 'failed';
  const seconds = ((await progress.getAttribute('data-epoch-seconds')) ?? '').split(' ').map(Number);
  const adapter = await page.getByTestId('status.backend').getAttribute('data-adapter');
  return {
    backend,
    model,
    op: 'train_epoch',
    kernel: backend === 'webgpu' ? 'custom' : 'stock',
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
  const args = parseArgs(process.argv.slice(2), {
    options: { backends: 'text', models: 'text', 'filter-models': 'text', runs: wholeFrom(1, 1000) },
    switches: ['json', 'app'],
  });
  const backends = (args.values.get('backends') ?? 'webgpu,webgl,wasm').split(',');
  const badBackend = backends.find((b) => !['webgpu', 'webgl', 'wasm', 'cpu'].includes(b));
  if (badBackend !== undefined) throw new Error(`--backends: unknown backend "${badBackend}"; use webgpu, webgl, wasm or cpu`);
  const models = (args.values.get('models') ?? 'tiny').split(',').filter(Boolean);
  const filterModels = (args.values.get('filter-models') ?? 'base16').split(',').filter(Boolean);
  const unknown = [...models, ...filterModels].find((m) => !isBenchModel(m));
  if (unknown) throw new Error(`unknown model "${unknown}" (tiny, tinybn, base16, base16bn, base32)`);
  const runs = args.numbers.get('runs') ?? 5;
  const json = args.switches.has('json');
  const rows: BenchRow[] = [];
  const emit = (row: BenchRow) => {
    rows.push(row);
    if (json) console.log(JSON.stringify(row));
    else console.error(`${row.backend} ${row.model} ${row.op} batch ${row.batch} ${row.kernel}: median ${row.median_ms.toFixed(1)} ms`);
  };
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu', '--enable-webgpu-developer-features', '--no-sandbox', '--disable-gpu-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  let server: ChildProcess | null = null;
  try {
    await buildBenchPage();
    server = serve(PAGE_DIR, BASE);
    await new Promise((r) => setTimeout(r, 500));
    const query = new URLSearchParams({ models: models.join(','), filterModels: filterModels.join(','), runs: String(runs) });
    for (const backend of backends) {
      // WASM twice: one thread, then every core (the page is cross-origin isolated).
      if (backend === 'wasm') await harnessRows(browser, backend, new URLSearchParams([...query, ['threads', '1']]), emit);
      await harnessRows(browser, backend, query, emit);
    }
    server.kill();
    server = null;
    if (args.switches.has('app')) await appRows(browser, backends, runs, json);
  } finally {
    server?.kill();
    await browser.close();
  }
  if (!json) console.log(`\nHeadless Chromium (${process.arch}, ${cpus().length} cores); ${runs} runs per figure after a first one; train_step: Adam on BCE + Dice, no augmentation\n${formatTable(rows)}`);
}

/** The app's own figures: model warm-up and per-image time through the page; seconds per fine-tuning epoch. */
async function appRows(browser: Browser, backends: string[], runs: number, json: boolean): Promise<void> {
  if (!existsSync('dist/index.html')) throw new Error('--app needs the app built first: npm run build');
  if (!existsSync(`${FIXTURES_DIR}/tiny/model.json`)) await makeFixtures();
  const server = serve('dist', BASE, ['--mount', `/fixtures/=${FIXTURES_DIR}`]);
  await new Promise((r) => setTimeout(r, 500));
  const results: Result[] = [];
  try {
    for (const model of Object.keys(APP_MODELS)) {
      for (const backend of backends) {
        const page = await browser.newPage();
        const r = await measure(page, backend, model, runs);
        await page.close();
        if (typeof r === 'string') console.error(`${model} on ${backend}: ${r}`);
        else results.push(r);
      }
    }
    for (const backend of backends.filter((b) => b === 'webgpu' || b === 'webgl')) {
      const page = await browser.newPage();
      const r = await measureTraining(page, backend, 'tiny', 8, 3);
      await page.close();
      if (typeof r === 'string') console.error(`train tiny on ${backend}: ${r}`);
      else results.push(r);
    }
  } finally {
    server.kill();
  }
  if (json) for (const r of results) console.log(JSON.stringify(r));
  else {
    console.log('\nThe app (app_predict: per image, batch 1; train_epoch: 8 generated pairs, batch 2, median of epochs 2–3)');
    console.log('| op | model | backend | adapter | first (ms) | median (ms) | min (ms) |');
    console.log('|---|---|---|---|---|---|---|');
    for (const r of results) console.log(`| ${r.op} | ${r.model} | ${r.backend} | ${r.adapter ?? ''} | ${r.first_run_ms} | ${r.median_ms} | ${r.min_ms} |`);
  }
}

runCli(async () => {
  await main();
  return 0;
});
