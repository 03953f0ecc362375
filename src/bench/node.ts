/**
 * `npm run bench:node -- [--backend webgpu|cpu] [--models tiny] [--filter-models base16] [--runs 5] [--json]`
 *
 * The benchmark under Node: WebGPU through Dawn (npm `webgpu`) — a real GPU when VK_ICD_FILENAMES
 * names its driver (see ../shared/gpu/README.md), SwiftShader otherwise — or TF.js's CPU backend.
 * Same measurements and output as `npm run bench` in Chromium.
 */
import { dawnUnavailable } from '../cli/dawnOrSwiftShader';
import * as tf from '@tensorflow/tfjs';
import { cpus } from 'node:os';
import { parseArgs, wholeFrom } from '../cli/args';
import { runCli } from '../cli/run';
import { chooseBackend } from '../ml/backends';
import { isBackendName } from '../model/backendNames';
import { runBench } from './harness';
import { isBenchModel } from './models';
import { formatTable, type BenchRow } from './rows';

function list(value: string | undefined, fallback: string): string[] {
  const names = (value ?? fallback).split(',').filter(Boolean);
  const unknown = names.find((n) => !isBenchModel(n));
  if (unknown) throw new Error(`unknown model "${unknown}" (micro, tiny, tinybn, base16, base16bn, base32)`);
  return names;
}

runCli(async () => {
  const args = parseArgs(process.argv.slice(2), {
    options: { backend: ['webgpu', 'wasm', 'cpu'], models: 'text', 'filter-models': 'text', runs: wholeFrom(1, 1000) },
    switches: ['json'],
  });
  const backend = args.values.get('backend') ?? 'webgpu';
  if (!isBackendName(backend) || backend === 'webgl') throw new Error(`--backend must be webgpu, wasm or cpu, not "${backend}"`);
  if (backend === 'webgpu' && dawnUnavailable) throw new Error(dawnUnavailable);
  const choice = await chooseBackend({ forced: backend });
  if (tf.getBackend() !== backend) throw new Error(`TF.js runs on ${tf.getBackend()}, not ${backend}`);
  const rows: BenchRow[] = [];
  await runBench(
    {
      backend,
      adapter: choice.adapter,
      models: list(args.values.get('models'), 'tiny'),
      filterModels: list(args.values.get('filter-models'), 'base16'),
      runs: args.numbers.get('runs') ?? 5,
    },
    (row) => {
      rows.push(row);
      if (args.switches.has('json')) console.log(JSON.stringify(row));
      else console.error(`${row.model} ${row.op} batch ${row.batch} ${row.kernel}: median ${row.median_ms.toFixed(1)} ms`);
    },
  );
  if (!args.switches.has('json')) console.log(`\nNode ${process.version} + ${backend === 'webgpu' ? 'Dawn' : 'TF.js'} (${cpus().length} cores)\n${formatTable(rows)}`);
  return 0;
});
