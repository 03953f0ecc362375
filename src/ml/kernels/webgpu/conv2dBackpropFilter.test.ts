import { dawnUnavailable } from '../../../cli/dawnOrSwiftShader';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONV_CASES, type ConvCase, filterGradReference } from '../../../testing/convReference';
import { relativeError, seededUniform } from '../../../testing/numeric';
import '../cpuBatchFixes';
import { buildUnet } from '../../unet';
import { type AdapterKind, forceAdapterKind } from './adapterKind';
import { planRowSplit, planSplit } from './conv2dBackpropFilter';
import { selectWebgpuKernels } from './register';

type Case = ConvCase;
const reference = filterGradReference;

async function filterGradient(c: Case, x: Float32Array, dy: Float32Array): Promise<Float32Array> {
  const info = tf.backend_util.computeConv2DInfo(c.x, [...c.filter, c.x[3], c.outChannels], c.stride, 1, c.pad);
  const xt = tf.tensor4d(x, c.x);
  const dyt = tf.tensor4d(dy, [c.x[0], info.outHeight, info.outWidth, c.outChannels]);
  const dw = tf.engine().runKernel('Conv2DBackpropFilter', { x: xt, dy: dyt }, {
    strides: c.stride, pad: c.pad, dataFormat: 'NHWC', filterShape: [...c.filter, c.x[3], c.outChannels],
  }) as tf.Tensor;
  const values = (await dw.data()) as Float32Array;
  tf.dispose([xt, dyt, dw]);
  return values;
}

const CASES = CONV_CASES;

describe('planSplit', () => {
  it('splits a long reduction over few tiles, never a short one', () => {
    const long = planSplit(9 * 16, 16, 4 * 256 * 256);
    expect(long.splits).toBeGreaterThan(1);
    expect(long.chunk % 16).toBe(0);
    expect(long.splits * long.chunk).toBeGreaterThanOrEqual(4 * 256 * 256);
    expect((long.splits - 1) * long.chunk).toBeLessThan(4 * 256 * 256);
    expect(planSplit(9 * 512, 512, 20)).toEqual({ splits: 1, chunk: 20 });
  });

  it('cuts output rows so that every row is in exactly one chunk', () => {
    for (const [m, n, rows] of [[9, 16, 1024], [4608, 512, 5], [36, 1, 7]]) {
      const plan = planRowSplit(m, n, rows);
      expect(plan.splits * plan.chunk).toBeGreaterThanOrEqual(rows);
      expect((plan.splits - 1) * plan.chunk).toBeLessThan(rows);
    }
    expect(planRowSplit(9, 16, 1024).splits).toBeGreaterThan(1);
  });
});

/** 'gpu': workgroup-memory tiles; 'software': register blocks (vec4 where channels allow). */
const VARIANTS: AdapterKind[] = ['gpu', 'software'];

describe.skipIf(dawnUnavailable).each(VARIANTS)('WebGPU Conv2DBackpropFilter, %s variant (Dawn)', (variant) => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
    selectWebgpuKernels('custom');
    forceAdapterKind(variant);
  });
  afterAll(async () => {
    forceAdapterKind(null);
    await tf.setBackend('cpu');
  });

  it.each(CASES)('matches float64 within 1e-4: x $x, filter $filter → $outChannels, stride $stride, pad $pad', async (c) => {
    const info = tf.backend_util.computeConv2DInfo(c.x, [...c.filter, c.x[3], c.outChannels], c.stride, 1, c.pad);
    const x = seededUniform(c.x.reduce((a, b) => a * b, 1), 7);
    const dy = seededUniform(c.x[0] * info.outHeight * info.outWidth * c.outChannels, 11);
    const want = reference(c, x, dy);
    const got = await filterGradient(c, x, dy);
    expect(got.length).toBe(want.length);
    expect(relativeError(got, want)).toBeLessThanOrEqual(1e-4);
  });

  it('gives a whole U-Net the same gradients as the stock kernel and the CPU backend', async () => {
    const grads = async (backend: string): Promise<Map<string, Float32Array>> => {
      await tf.setBackend(backend);
      const model = buildUnet({ size: 32, channels: 1, base: 4, depth: 3, seed: 3 });
      const images = tf.tensor4d(seededUniform(2 * 32 * 32, 5).map((v) => (v + 1) / 2), [2, 32, 32, 1]);
      const masks = tf.tensor4d(seededUniform(2 * 32 * 32, 9).map((v) => (v > 0 ? 1 : 0)), [2, 32, 32, 1]);
      const { grads: g } = tf.variableGrads(() => tf.losses.sigmoidCrossEntropy(masks, model.apply(images) as tf.Tensor).asScalar());
      const out = new Map<string, Float32Array>();
      for (const [i, w] of model.trainableWeights.entries()) out.set(`${i} ${w.shape.join('×')}`, (await g[(w.read() as tf.Variable).name].data()) as Float32Array);
      tf.dispose([images, masks, ...Object.values(g)]);
      model.dispose();
      return out;
    };
    selectWebgpuKernels('custom');
    const custom = await grads('webgpu');
    selectWebgpuKernels('stock');
    const stock = await grads('webgpu');
    selectWebgpuKernels('custom');
    const cpu = await grads('cpu');
    await tf.setBackend('webgpu');
    expect(custom.size).toBeGreaterThan(10);
    expect([...custom.keys()]).toEqual([...stock.keys()]);
    for (const [name, values] of custom) {
      expect(relativeError(values, stock.get(name)!), `${name} vs stock`).toBeLessThanOrEqual(1e-4);
      expect(relativeError(values, cpu.get(name)!), `${name} vs cpu`).toBeLessThanOrEqual(1e-4);
    }
  });

  it('keeps the tensor count flat', async () => {
    const c = CASES[6];
    const info = tf.backend_util.computeConv2DInfo(c.x, [...c.filter, c.x[3], c.outChannels], c.stride, 1, c.pad);
    const x = seededUniform(c.x.reduce((a, b) => a * b, 1), 1);
    const dy = seededUniform(c.x[0] * info.outHeight * info.outWidth * c.outChannels, 2);
    await filterGradient(c, x, dy);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await filterGradient(c, x, dy);
    expect(tf.memory().numTensors).toBe(before);
  });
});
