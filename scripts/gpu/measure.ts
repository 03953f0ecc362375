/**
 * The one prepared real-GPU run (issue #17), bundled by `npm run gpu:bundle` and started by
 * scripts/gpu/run.sh: `node measure.mjs --out <dir> --data <dir> [--smoke] [--fail-part <part>]`.
 *
 * Runs each part in a child process of this same file (`--part <name>`) under its own time limit,
 * so a part that fails, hangs or loses its device costs only its own figures: adapter facts (hard
 * failure unless TF.js runs on WebGPU on a real adapter; SwiftShader only with --smoke), the
 * benchmark of src/bench (stock kernels vs ours), the same U-Net in PyTorch (scripts/gpu/torch_unet.py)
 * when torch imports, and `npm run train` from scratch for a fixed time then `npm run segment`'s
 * scoring of the HC18 test pairs at their original resolution. Every part writes JSON lines to
 * `<out>/gpu-run.jsonl` as it goes and checks its own numbers; the parent adds one status line per
 * part and writes `<out>/gpu-run.md`. Exit code 1 when any part failed.
 */
import { dawnUnavailable } from '../../src/cli/dawnOrSwiftShader';
import * as tf from '@tensorflow/tfjs';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBench } from '../../src/bench/harness';
import { formatTable, type BenchRow } from '../../src/bench/rows';
import { parseArgs } from '../../src/cli/args';
import { listFiles } from '../../src/cli/listFiles';
import { loadModelFromDisk } from '../../src/cli/modelFiles';
import { saveModelToDisk } from '../../src/cli/saveModel';
import { fileName, pairFiles } from '../../src/files/pairing';
import { decodeImage } from '../../src/image/decode';
import { defaultRegion, fitRegion } from '../../src/image/geometry';
import { maskFromRaster } from '../../src/image/mask';
import { probabilitiesOnImage } from '../../src/image/segmentation';
import { packTrainingPairs, splitPairs, SPLIT_SEED } from '../../src/image/trainingPair';
import { defaultWindow } from '../../src/image/window';
import { confusionAt } from '../../src/metrics/confusion';
import { meanScores, scoresFromConfusion } from '../../src/metrics/scores';
import { chooseBackend, isSoftwareRenderer } from '../../src/ml/backends';
import { segmentRaster } from '../../src/ml/segmentRaster';
import { fineTune } from '../../src/ml/train';
import { buildUnet } from '../../src/ml/unet';
import { DEFAULT_AUGMENTATION } from '../../src/model/augmentOptions';
import { DEFAULT_METADATA } from '../../src/model/metadata';

const PARTS = ['adapter', 'bench', 'torch', 'train'] as const;
type Part = (typeof PARTS)[number];

/** Seconds each part may run (the whole must fit 8 minutes with run.sh's unpacking). */
const LIMIT_S: Record<Part, { gpu: number; smoke: number }> = {
  adapter: { gpu: 30, smoke: 60 },
  bench: { gpu: 130, smoke: 150 },
  torch: { gpu: 60, smoke: 30 },
  train: { gpu: 215, smoke: 150 },
};

/** Training from scratch: `npm run train -- --batchnorm` (base 16, depth 4, 256², batch 4, lr 1e-3, 10 % validation, augmentation) for a fixed time. */
const TRAIN = {
  gpu: { size: 256, base: 16, depth: 4, budgetS: 160, pairs: Infinity, testPairs: Infinity, minDice: 0.5 },
  smoke: { size: 32, base: 2, depth: 2, budgetS: 3, pairs: 8, testPairs: 2, minDice: null },
};

interface Options {
  readonly out: string;
  readonly data: string;
  readonly smoke: boolean;
  readonly failPart: string | null;
}

type Line = Record<string, unknown> & { part: string; kind: string };

const jsonl = (o: Options) => join(o.out, 'gpu-run.jsonl');
const emit = (o: Options, line: Line) => appendFileSync(jsonl(o), `${JSON.stringify(line)}\n`);

/** Throws unless every value is a finite number. */
function finite(what: string, values: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${what}: ${k} is ${v}`);
  }
}

/** TF.js must run on WebGPU, on a real adapter unless smoke (TF.js falls back to cpu silently when the driver does not load). */
async function requireWebgpu(o: Options): Promise<{ adapter: string | null; software: boolean }> {
  if (dawnUnavailable) throw new Error(dawnUnavailable);
  const choice = await chooseBackend({ forced: 'webgpu' });
  if (tf.getBackend() !== 'webgpu') throw new Error(`TF.js runs on ${tf.getBackend()}, not webgpu`);
  const software = isSoftwareRenderer(choice.adapter);
  if (software && !o.smoke) throw new Error(`the WebGPU adapter is a software renderer (${choice.adapter ?? 'unnamed'}), not the GPU`);
  return { adapter: choice.adapter, software };
}

async function adapterPart(o: Options): Promise<void> {
  const { adapter, software } = await requireWebgpu(o);
  const gpuAdapter = await navigator.gpu.requestAdapter();
  if (!gpuAdapter) throw new Error('navigator.gpu.requestAdapter() gave no adapter');
  const info = gpuAdapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const l = gpuAdapter.limits;
  emit(o, {
    part: 'adapter',
    kind: 'adapter',
    backend: tf.getBackend(),
    adapter,
    software,
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    fallback: Boolean(info.isFallbackAdapter),
    limits: {
      maxBufferSize: l.maxBufferSize,
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
    },
    features: [...gpuAdapter.features].sort(),
    node: process.version,
  });
}

async function benchPart(o: Options): Promise<void> {
  const { adapter } = await requireWebgpu(o);
  const models = o.smoke ? ['micro'] : ['base16', 'base32'];
  await runBench({ backend: 'webgpu', adapter, models, filterModels: models, runs: o.smoke ? 1 : 5 }, (row) => {
    finite(`${row.model} ${row.op} b${row.batch} ${row.kernel}`, { ...row });
    emit(o, { part: 'bench', kind: 'bench', ...row });
  });
}

function torchPart(o: Options): void {
  const probe = spawnSync('python3', ['-c', 'import torch; print(torch.__version__, torch.cuda.is_available())'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    const why = probe.error ? probe.error.message : (probe.stderr.trim().split('\n').pop() ?? 'import failed');
    emit(o, { part: 'torch', kind: 'torch_absent', reason: `python3 -c 'import torch' failed: ${why}` });
    return;
  }
  const [version, cuda] = probe.stdout.trim().split(' ');
  if (cuda !== 'True' && !o.smoke) {
    emit(o, { part: 'torch', kind: 'torch_absent', reason: `torch ${version} sees no CUDA device` });
    return;
  }
  const script = join(process.cwd(), 'scripts/gpu/torch_unet.py');
  const args = [script, '--models', o.smoke ? 'micro' : 'base16,base32', '--runs', o.smoke ? '1' : '10'];
  const run = spawnSync('python3', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`torch_unet.py failed: ${run.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  for (const text of run.stdout.split('\n').filter(Boolean)) {
    const row = JSON.parse(text) as Record<string, unknown>;
    finite(`torch ${String(row.model)} ${String(row.op)}`, row);
    emit(o, { part: 'torch', kind: 'torch', ...row });
  }
}

async function trainPart(o: Options): Promise<void> {
  const { adapter } = await requireWebgpu(o);
  const cfg = o.smoke ? TRAIN.smoke : TRAIN.gpu;
  const trainDir = join(o.data, 'hc18_fetal_head_us_train256');
  const testDir = join(o.data, 'hc18_fetal_head_us');
  const spec = { size: cfg.size, channels: 1 as const, intensity: 'unit' as const };
  const all = pairFiles([...listFiles(join(trainDir, 'images'), 'images'), ...listFiles(join(trainDir, 'masks'), 'masks')]).pairs.filter((p) => p.mask);
  const usable = all.slice(0, Math.min(all.length, cfg.pairs));
  const loadStart = performance.now();
  const { images, masks } = await packTrainingPairs(usable.length, spec, async (k) => {
    const { image, mask } = usable[k];
    const raster = await decodeImage(new Uint8Array(readFileSync(image.full)));
    const truth = maskFromRaster(await decodeImage(new Uint8Array(readFileSync((mask as { full: string }).full))));
    return { raster, truth, region: fitRegion(raster.width, raster.height) };
  });
  const loadS = (performance.now() - loadStart) / 1000;
  const split = splitPairs(usable.map((_, k) => k), 10, SPLIT_SEED);
  const model = buildUnet({ size: cfg.size, channels: 1, base: cfg.base, depth: cfg.depth, batchNorm: true });
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  let reachedS: number | null = null;
  const { epochs } = await fineTune(
    model,
    { images, masks, count: usable.length, size: cfg.size, channels: 1, classes: 2, train: split.train, validation: split.validation },
    { epochs: 100_000, batchSize: 4, learningRate: 1e-3, loss: 'bce+dice', freezeEncoder: false, augmentation: DEFAULT_AUGMENTATION, seed: SPLIT_SEED },
    {
      shouldStop: () => elapsed() > cfg.budgetS,
      onEpoch: (r) => {
        if (reachedS === null && (r.validationDice ?? 0) >= 0.97) reachedS = elapsed();
        emit(o, { part: 'train', kind: 'epoch', epoch: r.epoch, train_loss: r.trainLoss, validation_dice: r.validationDice, seconds: r.seconds, batches_run: r.batchesRun, batches: r.batches, elapsed_s: elapsed() });
      },
    },
  );
  const trainS = elapsed();
  const folder = mkdtempSync(join(tmpdir(), 'gpu-run-model-'));
  await saveModelToDisk(model, folder, { ...DEFAULT_METADATA, name: 'gpu-run-from-scratch' });
  model.dispose();
  tf.disposeVariables();

  // npm run segment's scoring, on WebGPU: each test pair at its original resolution.
  const segmenter = await loadModelFromDisk(folder);
  const testPairs = pairFiles([...listFiles(join(testDir, 'images'), 'images'), ...listFiles(join(testDir, 'masks'), 'masks')]).pairs.filter((p) => p.mask);
  const chosen = testPairs.slice(0, Math.min(testPairs.length, cfg.testPairs));
  const segStart = performance.now();
  const scores = [];
  for (const { image, mask } of chosen) {
    const raster = await decodeImage(new Uint8Array(readFileSync(image.full)));
    const truth = maskFromRaster(await decodeImage(new Uint8Array(readFileSync((mask as { full: string }).full))));
    const seg = await segmentRaster(segmenter, raster, defaultRegion(segmenter.metadata.geometry, raster.width, raster.height), defaultWindow(raster));
    scores.push(scoresFromConfusion(confusionAt(probabilitiesOnImage(seg), seg.box, truth, segmenter.metadata.threshold)));
  }
  const segmentS = (performance.now() - segStart) / 1000;
  segmenter.dispose();
  const mean = meanScores(scores);
  const last = epochs[epochs.length - 1];
  const result = {
    part: 'train',
    kind: 'train',
    adapter,
    model: `U-Net base ${cfg.base}, depth ${cfg.depth}, BatchNorm, ${cfg.size}²`,
    train_pairs: split.train.length,
    validation_pairs: split.validation.length,
    load_s: loadS,
    budget_s: cfg.budgetS,
    train_s: trainS,
    epochs: epochs.length,
    last_validation_dice: last?.validationDice ?? null,
    validation_dice_097_at_s: reachedS,
    test_pairs: chosen.length,
    test_names: chosen.map((p) => fileName(p.image.path)),
    mean_dice: mean?.dice ?? null,
    segment_s: segmentS,
    minutes: (trainS + segmentS) / 60,
  };
  emit(o, result);
  finite('train', result);
  if (mean === null) throw new Error('no test pair was scored');
  if (cfg.minDice !== null && mean.dice < cfg.minDice) throw new Error(`mean Dice ${mean.dice.toFixed(4)} on the HC18 test pairs is below ${cfg.minDice}`);
}

async function runPart(part: Part, o: Options): Promise<void> {
  if (o.failPart === part) throw new Error(`failure injected by --fail-part ${part}`);
  if (part === 'adapter') return adapterPart(o);
  if (part === 'bench') return benchPart(o);
  if (part === 'torch') return torchPart(o);
  return trainPart(o);
}

/** Runs one part in a child under its time limit: its status line. */
function child(part: Part, o: Options, argv: readonly string[]): Promise<Line> {
  const limit = o.smoke ? LIMIT_S[part].smoke : LIMIT_S[part].gpu;
  const start = performance.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [fileURLToPath(import.meta.url), ...argv, '--part', part], { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      process.stderr.write(d);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      p.kill('SIGKILL');
    }, limit * 1000);
    p.on('close', (code) => {
      clearTimeout(timer);
      const seconds = (performance.now() - start) / 1000;
      const errorLine = stderr.split('\n').reverse().find((l) => l.startsWith('error: '));
      const status = timedOut ? 'timeout' : code === 0 ? 'ok' : 'failed';
      const error = timedOut ? `killed after its limit of ${limit} s` : code === 0 ? null : (errorLine?.slice(7) ?? `exit code ${code}`);
      resolve({ part, kind: 'status', status, seconds, limit_s: limit, error });
    });
  });
}

const r1 = (v: unknown) => (typeof v === 'number' ? (Math.round(v * 10) / 10).toString() : v === null || v === undefined ? '–' : String(v));
const r4 = (v: unknown) => (typeof v === 'number' ? v.toFixed(4) : '–');

/** The short Markdown report, from the JSON lines alone. */
function markdown(lines: readonly Line[], smoke: boolean): string {
  const out = [`# GPU run${smoke ? ' (smoke: SwiftShader, micro model — not a GPU figure)' : ''}`, '', '| part | status | seconds | limit (s) | note |', '|---|---|---|---|---|'];
  for (const s of lines.filter((l) => l.kind === 'status')) {
    const absent = lines.find((l) => l.part === s.part && l.kind === 'torch_absent');
    out.push(`| ${s.part} | ${String(s.status)} | ${r1(s.seconds)} | ${r1(s.limit_s)} | ${String(s.error ?? absent?.reason ?? '')} |`);
  }
  const a = lines.find((l) => l.kind === 'adapter');
  if (a) {
    const lim = a.limits as Record<string, number>;
    out.push('', `Adapter: ${String(a.adapter)} (vendor ${String(a.vendor)}, architecture ${String(a.architecture)}, ${a.software ? 'SOFTWARE' : 'hardware'}); backend ${String(a.backend)}; Node ${String(a.node)}; max buffer ${Math.round(lim.maxBufferSize / 2 ** 20)} MiB, max storage binding ${Math.round(lim.maxStorageBufferBindingSize / 2 ** 20)} MiB, workgroup storage ${lim.maxComputeWorkgroupStorageSize} B.`);
  }
  const bench = lines.filter((l) => l.kind === 'bench') as unknown as BenchRow[];
  if (bench.length) out.push('', formatTable(bench));
  const torch = lines.filter((l) => l.kind === 'torch');
  if (torch.length) {
    out.push('', '| PyTorch | model | op | batch | median (ms) | TF.js ours (ms) | ratio |', '|---|---|---|---|---|---|---|');
    for (const t of torch) {
      const ours = bench.find((b) => b.kernel === 'custom' && b.model === t.model && b.op === t.op && b.batch === t.batch);
      const ratio = ours && typeof t.median_ms === 'number' ? `${r1(ours.median_ms / t.median_ms)}×` : '';
      out.push(`| ${String(t.device)} | ${String(t.model)} | ${String(t.op)} | ${String(t.batch)} | ${r1(t.median_ms)} | ${ours ? r1(ours.median_ms) : '–'} | ${ratio} |`);
    }
  }
  const t = lines.find((l) => l.kind === 'train');
  if (t) {
    out.push(
      '',
      `Training from scratch (${String(t.model)}): ${String(t.epochs)} epochs in ${r1(t.train_s)} s (budget ${String(t.budget_s)} s) on ${String(t.train_pairs)} pairs, last validation Dice ${r4(t.last_validation_dice)}` +
        `${t.validation_dice_097_at_s !== null ? `, ≥ 0.97 at ${r1(t.validation_dice_097_at_s)} s` : ''}; HC18 test set at original resolution: mean Dice ${r4(t.mean_dice)} over ${String(t.test_pairs)} pairs, ${r1(t.minutes)} min training + segmenting.`,
    );
  }
  return `${out.join('\n')}\n`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), {
    options: { out: 'text', data: 'text', part: [...PARTS], 'fail-part': [...PARTS] },
    switches: ['smoke'],
  });
  const o: Options = {
    out: args.values.get('out') ?? process.env.OUT ?? 'gpu-run-out',
    data: args.values.get('data') ?? '../shared/data',
    smoke: args.switches.has('smoke'),
    failPart: args.values.get('fail-part') ?? null,
  };
  const part = args.values.get('part') as Part | undefined;
  if (part) {
    try {
      await runPart(part, o);
      return 0;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      emit(o, { part, kind: 'error', message });
      console.error(`error: ${message}`);
      return 1;
    }
  }
  mkdirSync(o.out, { recursive: true });
  writeFileSync(jsonl(o), '');
  const passOn = process.argv.slice(2);
  let failed = false;
  for (const p of PARTS) {
    console.error(`--- ${p}`);
    let status = await child(p, o, passOn);
    // PyTorch missing is reported as such, not as a failure.
    if (status.status === 'ok' && readFileSync(jsonl(o), 'utf8').includes('"kind":"torch_absent"') && p === 'torch') status = { ...status, status: 'absent' };
    emit(o, status);
    failed ||= status.status !== 'ok' && status.status !== 'absent';
  }
  const lines = readFileSync(jsonl(o), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
  const table = markdown(lines, o.smoke);
  writeFileSync(join(o.out, 'gpu-run.md'), table);
  console.log(table);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  },
);
