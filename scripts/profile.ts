/**
 * `npm run profile [-- --threads 1|2] [--runs 3] [--model base16|tiny|bundled] [--bn] [--no-train] [--shapes] [--ab] [--ab-filter]`
 *
 * Where the time of a WASM predict (batch 1) and training step (batch 4) of the bench's base-16
 * U-Net goes, per kernel, in headless Debian Chromium (cross-origin isolated, as the app runs):
 * wall time per call and, for every kernel, calls and milliseconds per predict or step (top-level
 * calls only: a kernel that calls another counts once). --bn builds the model with BatchNorm; bundled is the app's model;
 * --shapes gives one line per kernel and input shapes; --ab times predicts with our WASM kernels and
 * TF.js's alternately (median of each); --ab-filter times training steps with our SIMD filter gradient
 * and with XNNPACK's products alternately.
 */
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs, wholeFrom } from '../src/cli/args';
import { runCli } from '../src/cli/run';

const PORT = 4192;
const BASE = '/profile/';
const PAGE_DIR = '.profile-page';

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), { options: { threads: wholeFrom(1, 256), runs: wholeFrom(1, 1000), model: 'text' }, switches: ['bn', 'no-train', 'shapes', 'ab', 'ab-filter'] });
  rmSync(PAGE_DIR, { recursive: true, force: true });
  mkdirSync(PAGE_DIR);
  await build({ entryPoints: ['src/bench/profilePage.ts'], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: `${PAGE_DIR}/profile.js`, logLevel: 'warning' });
  const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
  for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(`${wasmDir}/${f}`, `${PAGE_DIR}/${f}`);
  writeFileSync(`${PAGE_DIR}/index.html`, '<!doctype html><meta charset="utf-8"><title>profile</title><script type="module" src="./profile.js"></script>\n');
  const server = spawn('node', ['scripts/serve-dist.mjs', '--port', String(PORT), '--dir', PAGE_DIR, '--base', BASE, '--mount', `${BASE}models/=public/models`], { stdio: 'ignore' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(e.message));
    type Result = { threads: string | null; sections: Array<{ what: string; wallMs: number; kernels: Array<{ name: string; calls: number; ms: number }> }> } | string;
    let done!: (r: Result) => void;
    const finished = new Promise<Result>((resolve) => (done = resolve));
    await page.exposeFunction('profileDone', (r: Result) => done(r));
    const query = new URLSearchParams({ runs: String(args.numbers.get('runs') ?? 3), bn: args.switches.has('bn') ? '1' : '0', train: args.switches.has('no-train') ? '0' : '1', model: String(args.values.get('model') ?? 'base16'), shapes: args.switches.has('shapes') ? '1' : '0', ab: args.switches.has('ab') ? '1' : '0', abfilter: args.switches.has('ab-filter') ? '1' : '0' });
    if (args.numbers.has('threads')) query.set('threads', String(args.numbers.get('threads')));
    await page.goto(`http://127.0.0.1:${PORT}${BASE}?${query}`);
    const result = await finished;
    if (typeof result === 'string') throw new Error(result);
    console.log(`WASM, ${result.threads}`);
    for (const s of result.sections) {
      const inKernels = s.kernels.reduce((a, k) => a + k.ms, 0);
      console.log(`\n${s.what}: ${s.wallMs.toFixed(1)} ms wall, ${inKernels.toFixed(1)} ms in kernels`);
      console.log('| kernel | calls | ms | share |\n|---|---|---|---|');
      for (const k of s.kernels.filter((k) => k.ms >= 0.5)) console.log(`| ${k.name} | ${k.calls} | ${k.ms.toFixed(1)} | ${((100 * k.ms) / s.wallMs).toFixed(1)} % |`);
    }
    return 0;
  } finally {
    server.kill();
    await browser.close();
  }
});
