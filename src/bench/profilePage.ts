/**
 * The profiling page's script (bundled by scripts/profile.ts): on WASM with the requested threads,
 * times each kernel over `runs` predicts at batch 1 and `runs` training steps at batch 4 (Adam,
 * BCE + Dice) of the bench's base-16 U-Net, after one untimed call of each, and hands the per-call
 * averages to the runner.
 */
import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../ml/backends';
import { enableSimdFilterGradient } from '../ml/kernels/wasm/conv2dBackpropFilter';
import { selectWasmKernels } from '../ml/kernels/wasm/register';
import { inferenceNetwork } from '../ml/inferenceNetwork';
import { simdThreads } from '../ml/kernels/wasm/simd/simdKernels';
import { segmentationLoss } from '../ml/losses';
import { buildUnet } from '../ml/unet';
import { timeKernels, type KernelTime } from './kernelTimes';
import { BENCH_MODELS } from './models';

interface ProfileWindow {
  profileDone(result: { threads: string | null; sections: Array<{ what: string; wallMs: number; kernels: KernelTime[] }> } | string): Promise<void>;
}

async function main(): Promise<void> {
  const page = window as unknown as Window & ProfileWindow;
  const query = new URLSearchParams(location.search);
  try {
    const threads = query.get('threads');
    const choice = await chooseBackend({ forced: 'wasm', wasmPaths: new URL('./', location.href).href, wasmThreads: threads ? Number(threads) : undefined });
    const timer = timeKernels('wasm', query.get('shapes') === '1');
    const runs = Number(query.get('runs') ?? '3');
    const name = query.get('model') ?? 'base16';
    // 'bundled': the app's model (Conv2D + ReLU, then BatchNorm), served beside the page.
    const model = name === 'bundled' ? await tf.loadLayersModel('./models/unet-hc18-b16/model.json') : buildUnet({ ...BENCH_MODELS[name], batchNorm: query.get('bn') === '1' });
    const [, size, , channels] = model.inputs[0].shape as number[];
    const spec = { size, channels };
    const sections: Array<{ what: string; wallMs: number; kernels: KernelTime[] }> = [];
    const measure = async (what: string, f: () => Promise<void>) => {
      await f();
      timer.reset();
      const start = performance.now();
      for (let i = 0; i < runs; i++) await f();
      const wallMs = (performance.now() - start) / runs;
      sections.push({ what, wallMs, kernels: timer.totals().map((k) => ({ ...k, calls: k.calls / runs, ms: k.ms / runs })) });
    };
    const x1 = tf.randomUniform([1, spec.size, spec.size, spec.channels], 0, 1, 'float32', 1);
    // Predict as the app runs it: through the inference network (BatchNorm folded, up-convolutions fused).
    const network = inferenceNetwork(model);
    await measure('predict b1', async () => {
      const y = network.predict(x1);
      await y.data();
      y.dispose();
    });
    if (query.get('ab') === '1') {
      // Ours and TF.js's kernels alternately, predict after predict: both see the same machine load.
      const wall: Record<'custom' | 'stock', number[]> = { custom: [], stock: [] };
      for (let i = 0; i < 2 * runs; i++) {
        const set = i % 2 === 0 ? 'custom' : 'stock';
        selectWasmKernels(set);
        const start = performance.now();
        const y = network.predict(x1);
        await y.data();
        y.dispose();
        wall[set].push(performance.now() - start);
      }
      selectWasmKernels('custom');
      for (const set of ['custom', 'stock'] as const) sections.push({ what: `predict b1, ${set} kernels, alternating (runs: ${wall[set].map((v) => v.toFixed(0)).join(' ')})`, wallMs: [...wall[set]].sort((a, b) => a - b)[runs >> 1], kernels: [] });
    }
    if (query.get('train') !== '0') {
      const x = tf.randomUniform([4, spec.size, spec.size, spec.channels], 0, 1, 'float32', 4);
      const y = tf.tidy(() => tf.cast(tf.greater(tf.randomUniform([4, spec.size, spec.size, 1], 0, 1, 'float32', 5), 0.5), 'float32'));
      const optimizer = tf.train.adam(1e-4);
      const step = async () => {
        const cost = optimizer.minimize(() => segmentationLoss('bce+dice', y, model.apply(x, { training: true }) as tf.Tensor), true);
        await cost?.data();
        cost?.dispose();
      };
      await measure('train step b4', step);
      sections.push({ what: `SIMD kernel threads: ${simdThreads()}`, wallMs: 0, kernels: [] });
      if (query.get('abfilter') === '1') {
        // Steps with our SIMD filter gradient and with the XNNPACK products alternately: same load for both.
        const wall: Record<'simd' | 'xnnpack', number[]> = { simd: [], xnnpack: [] };
        for (let i = 0; i < 2 * runs; i++) {
          const set = i % 2 === 0 ? 'simd' : 'xnnpack';
          enableSimdFilterGradient(set === 'simd');
          const start = performance.now();
          await step();
          wall[set].push(performance.now() - start);
        }
        enableSimdFilterGradient(true);
        for (const set of ['simd', 'xnnpack'] as const) sections.push({ what: `train step b4, ${set} filter gradient, alternating (runs: ${wall[set].map((v) => v.toFixed(0)).join(' ')})`, wallMs: [...wall[set]].sort((a, b) => a - b)[runs >> 1], kernels: [] });
      }
    }
    await page.profileDone({ threads: choice.limits ?? null, sections });
  } catch (error) {
    await page.profileDone(error instanceof Error ? `${error.message}\n${error.stack}` : String(error));
  }
}

void main();
