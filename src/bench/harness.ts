/**
 * The benchmark itself, shared by the Chromium runner (`npm run bench`) and the Node + Dawn runner
 * (`npm run bench:node`): on the backend already chosen, for each U-Net, the first predict
 * (compilation included), predict latency at batch 1 and throughput at batch 8 (as the app runs it:
 * BatchNorm folded and up-convolutions fused where they can be; the model as it is too for such models), a training step at
 * batch 4 (Adam on BCE + Dice, as fine-tuning uses, without augmentation), and the total time of
 * the step's Conv2DBackpropFilter calls — each with TF.js's kernels and with ours, alternating run
 * by run, on WebGPU and WASM (where "TF.js's" keeps our filter gradient, which TF.js lacks).
 */
import * as tf from '@tensorflow/tfjs';
import { inferenceNetwork } from '../ml/inferenceNetwork';
import { segmentationLoss } from '../ml/losses';
import { selectWasmKernels } from '../ml/kernels/wasm/register';
import { selectWebgpuKernels, type KernelSet } from '../ml/kernels/webgpu/register';
import { buildUnet } from '../ml/unet';
import { BENCH_MODELS } from './models';
import { median, type BenchOp, type BenchRow } from './rows';

export interface BenchPlan {
  readonly backend: string;
  readonly adapter: string | null;
  /** Models measured on every op. */
  readonly models: readonly string[];
  /** Models measured on filter_grad only, on WebGPU (stock vs ours; the base-16 figure is affordable even on SwiftShader). */
  readonly filterModels: readonly string[];
  readonly runs: number;
}

/** Milliseconds of `f`, which must end by reading a result back (so the GPU has finished). */
async function timed(f: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await f();
  return performance.now() - start;
}

async function series(runs: number, f: () => Promise<void>): Promise<{ first: number; times: number[] }> {
  const first = await timed(f);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timed(f));
  return { first, times };
}

/**
 * `series` for every kernel set at once, alternating set by set within each run, so that each
 * set sees the same machine: the load of other processes, and V8's tier-up of the WASM code
 * (Liftoff first, optimised code later, compiled in the background — which in a fresh page takes
 * seconds when every core is computing). Measured one set after the other, the set measured
 * first was up to 1.75× slower at 2 threads for that reason alone.
 */
async function alternating<S extends string>(sets: readonly S[], runs: number, select: (set: S) => void, f: () => Promise<void>): Promise<Map<S, { first: number; times: number[] }>> {
  const out = new Map<S, { first: number; times: number[] }>();
  for (const set of sets) {
    select(set);
    out.set(set, { first: await timed(f), times: [] });
  }
  for (let i = 0; i < runs; i++) {
    for (const set of sets) {
      select(set);
      out.get(set)?.times.push(await timed(f));
    }
  }
  return out;
}

function noise(shape: number[], seed: number): tf.Tensor {
  return tf.randomUniform(shape, 0, 1, 'float32', seed);
}

/** The Conv2DBackpropFilter calls one training step makes: one per convolution, at its input shape. */
function filterGradCalls(model: tf.LayersModel, batch: number): Array<{ x: number[]; dy: number[]; filter: [number, number, number, number]; strides: [number, number]; pad: 'same' | 'valid' }> {
  const calls = [];
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Conv2D') continue;
    const config = layer.getConfig() as { kernelSize: number[]; strides: number[]; padding: 'same' | 'valid'; filters: number };
    const [, h, w, c] = layer.inputSpec?.[0]?.shape ?? (layer.input as tf.SymbolicTensor).shape;
    const [, oh, ow] = (layer.output as tf.SymbolicTensor).shape;
    calls.push({
      x: [batch, h as number, w as number, c as number],
      dy: [batch, oh as number, ow as number, config.filters],
      filter: [config.kernelSize[0], config.kernelSize[1], c as number, config.filters] as [number, number, number, number],
      strides: [config.strides[0], config.strides[1]] as [number, number],
      pad: config.padding,
    });
  }
  return calls;
}

export async function runBench(plan: BenchPlan, emit: (row: BenchRow) => void): Promise<void> {
  // WebGPU and WASM: ours and TF.js's in the same run (WASM's 'stock' keeps our filter gradient,
  // which TF.js lacks, so its filter_grad rows are ours only). Others: TF.js's.
  const kernelSets: KernelSet[] = plan.backend === 'webgpu' || plan.backend === 'wasm' ? ['custom', 'stock'] : ['stock'];
  const select = (set: KernelSet) => {
    selectWebgpuKernels(set);
    selectWasmKernels(set);
  };
  const row = (model: string, params: number, op: BenchOp, kernel: KernelSet, batch: number, s: { first: number; times: number[] }): BenchRow => ({
    backend: plan.backend,
    adapter: plan.adapter,
    model,
    params,
    op,
    kernel,
    batch,
    runs: s.times.length,
    first_run_ms: s.first,
    median_ms: median(s.times),
    min_ms: Math.min(...s.times),
    images_per_s: (batch * 1000) / median(s.times),
  });

  const filterOnly = plan.backend === 'webgpu' || plan.backend === 'wasm' ? plan.filterModels.filter((m) => !plan.models.includes(m)) : [];
  for (const name of [...plan.models, ...filterOnly]) {
    const spec = BENCH_MODELS[name];
    const model = buildUnet(spec);
    const params = model.countParams();
    const full = plan.models.includes(name);
    try {
      if (full) {
        // What the app runs (the inference network: BatchNorm folded, up-convolutions fused), and
        // where it rewrote anything the model as it is too; the kernels are chosen per call, so one
        // network serves every set.
        const network = inferenceNetwork(model);
        const variants: Array<[BenchOp, (x: tf.Tensor) => tf.Tensor]> = [['predict', network.predict]];
        if (network.foldedLayers > 0 || network.fusedUpConvolutions > 0) variants.push(['predict_unfolded', (x) => model.predict(x) as tf.Tensor]);
        for (const batch of [1, 8]) {
          const x = noise([batch, spec.size, spec.size, spec.channels], batch);
          for (const [op, run] of variants) {
            const bySet = await alternating(kernelSets, plan.runs, select, async () => {
              const y = run(x);
              await y.data();
              y.dispose();
            });
            for (const [set, s] of bySet) emit(row(name, params, op, set, batch, s));
          }
          x.dispose();
        }
        network.dispose();
        {
          const x = noise([4, spec.size, spec.size, spec.channels], 4);
          const y = tf.tidy(() => tf.cast(tf.greater(noise([4, spec.size, spec.size, 1], 5), 0.5), 'float32'));
          const optimizer = tf.train.adam(1e-4);
          const bySet = await alternating(kernelSets, plan.runs, select, async () => {
            const cost = optimizer.minimize(() => segmentationLoss('bce+dice', y, model.apply(x, { training: true }) as tf.Tensor), true);
            await cost?.data();
            cost?.dispose();
          });
          for (const [set, s] of bySet) emit(row(name, params, 'train_step', set, 4, s));
          optimizer.dispose();
          tf.dispose([x, y]);
        }
      }
      {
        const calls = filterGradCalls(model, 4).map((c, i) => ({ ...c, xt: noise(c.x, 10 + i), dyt: noise(c.dy, 50 + i) }));
        for (const set of plan.backend === 'wasm' ? ['custom' as const] : kernelSets) {
          select(set);
          let first = 0;
          const perCall: number[][] = [];
          for (const c of calls) {
            const s = await series(plan.runs, async () => {
              const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: c.xt, dy: c.dyt }, { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter }) as tf.Tensor;
              await dw.data();
              dw.dispose();
            });
            first += s.first;
            perCall.push(s.times);
          }
          // Run i of the total is the sum of run i of every call.
          const totals = perCall[0].map((_, i) => perCall.reduce((sum, t) => sum + t[i], 0));
          emit(row(name, params, 'filter_grad', set, 4, { first, times: totals }));
        }
        tf.dispose(calls.flatMap((c) => [c.xt, c.dyt]));
      }
    } finally {
      select('custom');
      model.dispose();
    }
  }
}
