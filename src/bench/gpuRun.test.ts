/**
 * The prepared real-GPU run (scripts/gpu/run.sh, issue #17) end to end here in its `--smoke`
 * form — SwiftShader, the micro U-Net, seconds per part — so the script handed to a GPU machine
 * cannot rot: every part reports in the JSON lines and the Markdown table, and a failing part
 * (injected with --fail-part) is reported without stopping the parts after it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticPair } from '../../e2e/fixtures/synthetic';
import { SWIFTSHADER_ICD } from '../cli/dawn';

/** HC18-shaped folders of generated scans (the train part reads 8 training and 2 test pairs in smoke mode). */
function generatedData(): string {
  const root = mkdtempSync(join(tmpdir(), 'gpu-smoke-data-'));
  for (const [set, count, w, h] of [['hc18_fetal_head_us_train256', 8, 64, 64], ['hc18_fetal_head_us', 2, 80, 54]] as const) {
    for (const sub of ['images', 'masks']) mkdirSync(join(root, set, sub), { recursive: true });
    for (let i = 1; i <= count; i++) {
      const pair = syntheticPair(i, w, h);
      writeFileSync(join(root, set, 'images', `${i}_HC.png`), pair.image);
      writeFileSync(join(root, set, 'masks', `${i}_HC.png`), pair.mask);
    }
  }
  return root;
}

const ESBUILD = 'node_modules/esbuild';
const skip = !existsSync(SWIFTSHADER_ICD) ? `${SWIFTSHADER_ICD} is missing (apt install chromium)` : !existsSync(ESBUILD) ? 'esbuild (the bundle tool) is not installed' : null;

type Line = Record<string, unknown> & { part: string; kind: string };

describe.skipIf(skip !== null)(`GPU run, smoke form${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('writes every part to the JSON lines and the table, and reports a failing part without stopping the rest', () => {
    const built = spawnSync('node', ['scripts/gpu/bundle.mjs', '--js-only'], { encoding: 'utf8' });
    expect(built.status, built.stderr).toBe(0);
    const out = mkdtempSync(join(tmpdir(), 'gpu-smoke-'));
    const run = spawnSync('bash', ['scripts/gpu/run.sh', '--smoke', '--fail-part', 'torch'], { encoding: 'utf8', env: { ...process.env, OUT: out, GPU_RUN_DATA: generatedData() }, timeout: 280_000 });
    const lines = readFileSync(join(out, 'gpu-run.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
    const status = Object.fromEntries(lines.filter((l) => l.kind === 'status').map((l) => [l.part, l]));
    expect(Object.keys(status)).toEqual(['adapter', 'bench', 'torch', 'train']);
    // The injected failure: reported with its reason, the exit code says so, and train still ran.
    expect(status.torch.status).toBe('failed');
    expect(status.torch.error).toContain('--fail-part torch');
    expect(run.status).toBe(1);
    for (const part of ['adapter', 'bench', 'train']) expect(status[part].status, `${part}: ${String(status[part].error)}`).toBe('ok');

    const adapter = lines.find((l) => l.kind === 'adapter');
    expect(adapter).toMatchObject({ backend: 'webgpu', software: true, architecture: 'swiftshader' });
    const bench = lines.filter((l) => l.kind === 'bench');
    for (const op of ['predict', 'train_step', 'filter_grad']) {
      for (const kernel of ['stock', 'custom']) expect(bench.some((b) => b.op === op && b.kernel === kernel && b.model === 'micro' && Number.isFinite(b.median_ms)), `${op} ${kernel}`).toBe(true);
    }
    expect(bench.filter((b) => b.op === 'predict').map((b) => b.batch)).toEqual(expect.arrayContaining([1, 8]));
    const train = lines.find((l) => l.kind === 'train');
    expect(train?.test_pairs).toBe(2);
    expect(Number.isFinite(train?.mean_dice)).toBe(true);
    expect(lines.some((l) => l.kind === 'epoch')).toBe(true);

    const md = readFileSync(join(out, 'gpu-run.md'), 'utf8');
    expect(md).toContain('smoke: SwiftShader');
    expect(md).toMatch(/\| adapter \| ok \|/);
    expect(md).toMatch(/\| bench \| ok \|/);
    expect(md).toMatch(/\| torch \| failed \| .*--fail-part torch/);
    expect(md).toMatch(/\| train \| ok \|/);
    expect(md).toContain('| webgpu | google / swiftshader');
    expect(md).toMatch(/mean Dice [\d.]+ over 2 pairs/);
  }, 300_000);
});
