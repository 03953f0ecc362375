/**
 * Our WASM kernels (Node, TF.js's WASM backend): forward convolutions (ours and the stock ones they
 * fall back to), filter and input gradients against the float64 definitions on the shared shapes, a whole U-Net's gradients against the CPU backend,
 * a few Adam steps that lower the loss, and a flat tensor count.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONV_CASES, type ConvCase, convInfo, convReference, filterGradReference, inputGradReference } from '../../../testing/convReference';
import { relativeError, seededUniform } from '../../../testing/numeric';
import '../cpuBatchFixes';
import { segmentationLoss } from '../../losses';
import { buildUnet } from '../../unet';
import { allocate, asWasm } from './heap';
import './register';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function inputs(c: ConvCase) {
  const info = convInfo(c);
  return {
    x: seededUniform(size(c.x), 7),
    dy: seededUniform(c.x[0] * info.outHeight * info.outWidth * c.outChannels, 11),
    w: seededUniform(size([...c.filter, c.x[3], c.outChannels]), 13),
    dyShape: [c.x[0], info.outHeight, info.outWidth, c.outChannels] as [number, number, number, number],
  };
}

async function run(kernel: string, c: ConvCase, tensors: Record<string, tf.Tensor>, extra: Record<string, unknown>): Promise<Float32Array> {
  const out = tf.engine().runKernel(kernel, tensors, { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', ...extra }) as tf.Tensor;
  const values = (await out.data()) as Float32Array;
  tf.dispose([out, ...Object.values(tensors)]);
  return values;
}

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('WASM Conv2D and FusedConv2D', () => {
  // The shared shapes (strides 2 and a 1-channel output go to XNNPACK; the rest to our SIMD kernel)
  // plus shapes with 4 mod 8 output channels and narrow images.
  const cases: ConvCase[] = [...CONV_CASES, { x: [2, 3, 2, 12], filter: [3, 3], outChannels: 12, stride: 1, pad: 'same' }, { x: [1, 9, 17, 5], filter: [2, 2], outChannels: 28, stride: 1, pad: 'same' }];
  it.each(cases)('match float64 within 1e-4, with bias and ReLU: x $x, filter $filter → $outChannels, stride $stride, pad $pad', async (c) => {
    const { x, w } = inputs(c);
    const filterShape = [...c.filter, c.x[3], c.outChannels];
    const bias = seededUniform(c.outChannels, 17);
    const y = await run('Conv2D', c, { x: tf.tensor4d(x, c.x), filter: tf.tensor(w, filterShape) }, { dilations: 1 });
    expect(relativeError(y, convReference(c, x, w, null)), 'Conv2D').toBeLessThanOrEqual(1e-4);
    const fused = await run('FusedConv2D', c, { x: tf.tensor4d(x, c.x), filter: tf.tensor(w, filterShape), bias: tf.tensor1d(bias) }, { dilations: 1, activation: 'relu' });
    expect(relativeError(fused, convReference(c, x, w, bias).map((v) => Math.max(0, v))), 'FusedConv2D').toBeLessThanOrEqual(1e-4);
  });

  it('take a bias as per channel only when it is: [1, 1, 1, Co] is, [Co, 1] is not (left to TF.js, which refuses it)', async () => {
    const c: ConvCase = { x: [1, 4, 4, 4], filter: [3, 3], outChannels: 4, stride: 1, pad: 'same' };
    const { x, w } = inputs(c);
    const bias = Float32Array.of(0.1, 0.2, 0.3, 0.4);
    const fused = (biasShape: number[]) => run('FusedConv2D', c, { x: tf.tensor4d(x, c.x), filter: tf.tensor(w, [3, 3, 4, 4]), bias: tf.tensor(bias, biasShape) }, { dilations: 1, activation: 'linear' });
    expect(relativeError(await fused([1, 1, 1, 4]), convReference(c, x, w, bias))).toBeLessThanOrEqual(1e-6);
    await expect(fused([4, 1])).rejects.toThrow(/rank-1 bias/);
  });

  it("give an empty output when there is none, without a kernel (TF.js's XNNPACK one then breaks the heap), and the heap carries on", async () => {
    const ones = (shape: [number, number, number, number]): tf.Tensor4D => tf.ones<tf.Rank.R4>(shape);
    for (const co of [1, 6, 8]) {
      const y = tf.conv2d(ones([1, 2, 5, 4]), ones([3, 3, 4, co]), 1, 'valid');
      expect(y.shape).toEqual([1, 0, 3, co]);
      const z = tf.fused.conv2d({ x: ones([2, 2, 7, 4]), filter: ones([3, 3, 4, co]), strides: 2, pad: 'valid', bias: tf.ones([co]), activation: 'relu' });
      expect(z.shape).toEqual([2, 0, 3, co]);
      tf.dispose([y, z]);
    }
    expect(Array.from(await tf.add(tf.ones([4]), tf.ones([4])).data())).toEqual([2, 2, 2, 2]);
  });

  it('keep the tensor count flat', async () => {
    const c = CONV_CASES[6];
    const { x, w } = inputs(c);
    const filterShape = [...c.filter, c.x[3], c.outChannels];
    const once = () => run('FusedConv2D', c, { x: tf.tensor4d(x, c.x), filter: tf.tensor(w, filterShape), bias: tf.tensor1d(new Float32Array(c.outChannels)) }, { dilations: 1, activation: 'relu' });
    await once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await once();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('WASM Conv2DBackpropFilter and Conv2DBackpropInput', () => {
  // The shared shapes, plus stride-1 shapes: at least SIMD_MIN_OUTPUT_WIDTH wide for the SIMD
  // kernel's tiles, narrower ones with many channels for the copy-free XNNPACK path's edges.
  const cases: ConvCase[] = [
    ...CONV_CASES,
    { x: [2, 9, 20, 16], filter: [3, 3], outChannels: 8, stride: 1, pad: 'valid' },
    { x: [1, 6, 17, 24], filter: [2, 2], outChannels: 7, stride: 1, pad: 'same' },
    { x: [2, 9, 11, 80], filter: [3, 3], outChannels: 64, stride: 1, pad: 'same' },
    { x: [1, 7, 6, 72], filter: [2, 2], outChannels: 61, stride: 1, pad: 'same' },
    { x: [2, 6, 5, 96], filter: [3, 3], outChannels: 48, stride: 1, pad: 'valid' },
    { x: [2, 9, 11, 16], filter: [3, 3], outChannels: 8, stride: 1, pad: 'valid' },
    { x: [1, 6, 7, 16], filter: [3, 3], outChannels: 5, stride: 1, pad: 2 },
    { x: [2, 8, 10, 24], filter: [2, 2], outChannels: 7, stride: 1, pad: 'same' },
    { x: [3, 5, 5, 16], filter: [1, 1], outChannels: 3, stride: 1, pad: 'valid' },
  ];
  it.each(cases)('match float64 within 1e-4: x $x, filter $filter → $outChannels, stride $stride, pad $pad', async (c) => {
    const { x, dy, w, dyShape } = inputs(c);
    const filterShape = [...c.filter, c.x[3], c.outChannels];
    const dw = await run('Conv2DBackpropFilter', c, { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape) }, { filterShape });
    expect(relativeError(dw, filterGradReference(c, x, dy)), 'filter gradient').toBeLessThanOrEqual(1e-4);
    const dx = await run('Conv2DBackpropInput', c, { dy: tf.tensor4d(dy, dyShape), filter: tf.tensor(w, filterShape) }, { inputShape: c.x });
    expect(relativeError(dx, inputGradReference(c, dy, w)), 'input gradient').toBeLessThanOrEqual(1e-4);
  });

  it('keep the tensor count flat', async () => {
    const c = CONV_CASES[6];
    const { x, dy, w, dyShape } = inputs(c);
    const once = () =>
      Promise.all([
        run('Conv2DBackpropFilter', c, { x: tf.tensor4d(x, c.x), dy: tf.tensor4d(dy, dyShape) }, { filterShape: [...c.filter, c.x[3], c.outChannels] }),
        run('Conv2DBackpropInput', c, { dy: tf.tensor4d(dy, dyShape), filter: tf.tensor(w, [...c.filter, c.x[3], c.outChannels]) }, { inputShape: c.x }),
      ]);
    await once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await once();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('a U-Net on WASM', () => {
  /** Gradients of every trainable weight for one batch; batch 1 because the CPU backend's nearest-neighbour resize gradient needs our fix beyond it. */
  async function grads(backend: string): Promise<Map<string, Float32Array>> {
    await tf.setBackend(backend);
    const model = buildUnet({ size: 32, channels: 1, base: 4, depth: 3, batchNorm: true, seed: 3 });
    const images = tf.tensor4d(seededUniform(2 * 32 * 32, 5).map((v) => (v + 1) / 2), [2, 32, 32, 1]);
    const masks = tf.tensor4d(seededUniform(2 * 32 * 32, 9).map((v) => (v > 0 ? 1 : 0)), [2, 32, 32, 1]);
    const { grads: g } = tf.variableGrads(() => segmentationLoss('bce+dice', masks, model.apply(images, { training: true }) as tf.Tensor));
    const out = new Map<string, Float32Array>();
    for (const [i, w] of model.trainableWeights.entries()) out.set(`${i} ${w.shape.join('×')}`, (await g[(w.read() as tf.Variable).name].data()) as Float32Array);
    tf.dispose([images, masks, ...Object.values(g)]);
    model.dispose();
    return out;
  }

  it('gets the same gradients as the CPU backend', async () => {
    const wasm = await grads('wasm');
    const cpu = await grads('cpu');
    await tf.setBackend('wasm');
    expect(wasm.size).toBeGreaterThan(10);
    // A convolution's bias before a training-mode BatchNorm has a gradient of exactly 0 in theory
    // (the batch mean cancels it): both backends give rounding noise of ~1e-8 there, so each
    // weight's error is measured against at least 1 % of the largest gradient in the model.
    const largest = Math.max(...[...cpu.values()].map((v) => Math.max(...v.map(Math.abs))));
    for (const [name, values] of wasm) {
      const want = cpu.get(name)!;
      const scale = Math.max(...want.map(Math.abs));
      expect(relativeError(values, want) * (scale / Math.max(scale, 1e-2 * largest)), name).toBeLessThanOrEqual(1e-4);
    }
  });

  it('learns: Adam steps lower the loss, with no tensor left behind', async () => {
    const model = buildUnet({ size: 32, channels: 1, base: 4, depth: 2, batchNorm: true, seed: 4 });
    const images = tf.tensor4d(seededUniform(4 * 32 * 32, 21).map((v) => (v + 1) / 2), [4, 32, 32, 1]);
    const masks = tf.tidy(() => tf.cast(tf.greater(images, 0.5), 'float32'));
    const optimizer = tf.train.adam(1e-2);
    const step = async () => {
      const cost = optimizer.minimize(() => segmentationLoss('bce+dice', masks, model.apply(images, { training: true }) as tf.Tensor), true)!;
      const value = (await cost.data())[0];
      cost.dispose();
      return value;
    };
    const first = await step();
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 15; i++) last = await step();
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first * 0.8);
    optimizer.dispose();
    tf.dispose([images, masks]);
    model.dispose();
  });
});

describe('WASM Tile', () => {
  it('equals the CPU backend for every rank, shape and dtype tried', async () => {
    const cases: Array<[number[], number[], 'float32' | 'int32' | 'bool']> = [
      [[1, 1, 1, 5], [3, 4, 6, 1], 'float32'],
      [[2, 3], [2, 3], 'float32'],
      [[4], [5], 'int32'],
      [[2, 1, 3], [1, 4, 2], 'bool'],
      [[3, 2, 2, 2], [2, 1, 3, 2], 'int32'],
      [[2, 0, 3], [2, 2, 2], 'float32'],
    ];
    for (const [shape, reps, dtype] of cases) {
      const values = Array.from({ length: size(shape) }, (_, i) => (dtype === 'bool' ? i % 3 === 0 : i * 7 - 5));
      const tiled = async (backend: string) => {
        await tf.setBackend(backend);
        const t = tf.tensor(values as number[], shape, dtype);
        const out = tf.tile(t, reps);
        const result = { shape: out.shape, values: Array.from(await out.data()) };
        tf.dispose([t, out]);
        return result;
      };
      const cpu = await tiled('cpu');
      expect(await tiled('wasm'), `${shape} × ${reps} ${dtype}`).toEqual(cpu);
    }
  });
});

describe('WASM Sum and Mean', () => {
  it('equal the CPU backend over leading axes (ours) and any other axes (stock), keepDims or not', async () => {
    const shape = [3, 5, 4, 6];
    const values = seededUniform(size(shape), 31);
    for (const op of ['sum', 'mean'] as const) {
      for (const [axis, keepDims] of [[[0, 1, 2], false], [[0], true], [[1, 0], false], [[0, 1, 2, 3], false], [[2], false], [[1, 3], true], [-1, false]] as const) {
        const reduce = async (backend: string) => {
          await tf.setBackend(backend);
          const t = tf.tensor(values, shape);
          const out = tf[op](t, axis as number | number[], keepDims);
          const result = { shape: out.shape, values: Float32Array.from(await out.data()) };
          tf.dispose([t, out]);
          return result;
        };
        const cpu = await reduce('cpu');
        const wasm = await reduce('wasm');
        expect(wasm.shape, `${op} ${axis}`).toEqual(cpu.shape);
        expect(relativeError(wasm.values, cpu.values), `${op} ${axis}`).toBeLessThanOrEqual(1e-5);
      }
    }
  });

  it('sum 262 144 rows (a 256² batch of 4) to within 1e-5 of float64, channels in fours and the rest', async () => {
    await tf.setBackend('wasm');
    for (const channels of [16, 7]) {
      const shape = [4, 256, 256, channels];
      const values = seededUniform(size(shape), 37);
      const want = new Float64Array(channels);
      for (let i = 0; i < values.length; i++) want[i % channels] += values[i];
      const t = tf.tensor(values, shape);
      const out = tf.sum(t, [0, 1, 2]);
      expect(relativeError(await out.data(), want), `${channels} channels`).toBeLessThanOrEqual(1e-5);
      tf.dispose([t, out]);
    }
  });
});

describe('the WASM heap when full', () => {
  it('refuses an allocation it cannot hold in one line naming the size, instead of handing back address 0, and carries on', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    // 4.28 GB: over the 4 GB a 32-bit heap can ever hold, whatever it holds already.
    expect(() => allocate(asWasm(tf.backend()), [1_070_000_000], 'float32')).toThrow('out of WASM memory: a [1070000000] float32 tensor (4082 MB) does not fit in the heap');
    const ones = tf.ones([4, 8, 8, 4]);
    const sums = tf.sum(ones, [0, 1, 2]);
    expect(Array.from(await sums.data())).toEqual([256, 256, 256, 256]);
    tf.dispose([ones, sums]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
