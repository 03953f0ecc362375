/**
 * Our WASM Concat, SplitV, MaxPoolGrad, nearest resize gradient, Identity and Cast against TF.js's CPU
 * backend on edge shapes: odd sizes, padding, ties in pooling windows (after a ReLU whole windows
 * are 0), long and short runs, int32, and a flat tensor count.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { relativeError, seededUniform } from '../../../testing/numeric';
import '../cpuBatchFixes';
import './register';

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** Runs `f` on the CPU and on WASM and returns both results (shape and values). */
async function both(f: () => tf.Tensor | tf.Tensor[]): Promise<Array<Array<{ shape: number[]; values: Float64Array }>>> {
  const results = [];
  for (const backend of ['cpu', 'wasm']) {
    await tf.setBackend(backend);
    const out = tf.tidy(f);
    const list = Array.isArray(out) ? out : [out];
    results.push(await Promise.all(list.map(async (t) => ({ shape: t.shape, values: Float64Array.from(await t.data()) }))));
    tf.dispose(list);
  }
  await tf.setBackend('wasm');
  return results;
}

async function expectSame(f: () => tf.Tensor | tf.Tensor[], what: string, tolerance = 0): Promise<void> {
  const [cpu, wasm] = await both(f);
  expect(wasm.length, what).toBe(cpu.length);
  cpu.forEach((want, i) => {
    expect(wasm[i].shape, what).toEqual(want.shape);
    expect(relativeError(wasm[i].values, want.values), what).toBeLessThanOrEqual(tolerance);
  });
}

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('WASM Concat and SplitV', () => {
  it('equal the CPU backend on every axis, short and long runs, float32 and int32', async () => {
    const cases: Array<[number[][], number]> = [
      [[[2, 5, 7, 3], [2, 5, 7, 16]], 3],
      [[[1, 4, 4, 80], [1, 4, 4, 70]], -1],
      [[[2, 3, 4], [2, 1, 4], [2, 5, 4]], 1],
      [[[3, 2], [4, 2]], 0],
      [[[2, 0, 3], [2, 2, 3]], 1],
    ];
    for (const [shapes, axis] of cases) {
      for (const dtype of ['float32', 'int32'] as const) {
        const make = () => shapes.map((s, i) => tf.tensor(Array.from(seededUniform(size(s), i + 1), (v) => (dtype === 'int32' ? Math.round(v * 100) : v)), s, dtype));
        await expectSame(() => tf.concat(make(), axis), `concat ${JSON.stringify(shapes)} axis ${axis} ${dtype}`);
        const sizes = shapes.map((s) => s.at(axis)!);
        await expectSame(() => tf.split(tf.concat(make(), axis), sizes, axis), `split ${JSON.stringify(shapes)} axis ${axis} ${dtype}`);
      }
    }
  });
});

describe('WASM MaxPoolGrad', () => {
  it('equals the CPU backend: strides, padding, odd sizes, tied windows', async () => {
    const cases: Array<{ x: [number, number, number, number]; pool: [number, number]; stride: [number, number]; pad: 'valid' | 'same' }> = [
      { x: [2, 8, 8, 16], pool: [2, 2], stride: [2, 2], pad: 'valid' },
      { x: [1, 7, 9, 3], pool: [2, 2], stride: [2, 2], pad: 'same' },
      { x: [2, 7, 7, 5], pool: [3, 3], stride: [2, 2], pad: 'same' },
      { x: [1, 6, 5, 2], pool: [3, 2], stride: [1, 1], pad: 'valid' },
    ];
    for (const c of cases) {
      // ReLU'd values: about half the inputs are exactly 0, so many windows tie.
      const x = () => tf.relu(tf.tensor4d(seededUniform(size(c.x), 3), c.x));
      await expectSame(
        () => {
          const input = x();
          const pooledShape = tf.maxPool(input, c.pool, c.stride, c.pad).shape;
          const weights = tf.tensor(seededUniform(size(pooledShape), 5), pooledShape);
          return tf.grad((t) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, c.pool, c.stride, c.pad), weights)))(input);
        },
        `maxPoolGrad ${JSON.stringify(c)}`,
        1e-6,
      );
    }
  });
});

describe('WASM ResizeNearestNeighborGrad (with the stock forward resize)', () => {
  it('equal the CPU backend for whole factors (ours) and others (stock), half-pixel centres or not', async () => {
    const cases: Array<{ x: [number, number, number, number]; to: [number, number]; halfPixel: boolean; alignCorners: boolean }> = [
      { x: [2, 4, 5, 16], to: [8, 10], halfPixel: false, alignCorners: false },
      { x: [1, 3, 3, 3], to: [9, 6], halfPixel: true, alignCorners: false },
      { x: [1, 4, 4, 2], to: [6, 7], halfPixel: false, alignCorners: false },
      { x: [1, 4, 4, 2], to: [8, 8], halfPixel: false, alignCorners: true },
    ];
    for (const c of cases) {
      const x = () => tf.tensor4d(seededUniform(size(c.x), 7), c.x);
      await expectSame(() => tf.image.resizeNearestNeighbor(x(), c.to, c.alignCorners, c.halfPixel), `resize ${JSON.stringify(c)}`);
      const w = seededUniform(c.x[0] * c.to[0] * c.to[1] * c.x[3], 9);
      await expectSame(
        () => tf.grad((t) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, c.to, c.alignCorners, c.halfPixel), tf.tensor(w, [c.x[0], ...c.to, c.x[3]]))))(x()),
        `resize gradient ${JSON.stringify(c)}`,
        1e-6,
      );
    }
  });

  it('leave no tensor behind', async () => {
    const once = () => {
      const x = tf.tensor4d(seededUniform(2 * 4 * 4 * 8, 1), [2, 4, 4, 8]);
      const joined = tf.concat([x, x], 3);
      const outs = [...tf.split(joined, 2, 3), tf.grad((t) => tf.sum(tf.maxPool(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [8, 8]), 2, 2, 'valid')))(x)];
      tf.dispose([x, joined, ...outs]);
    };
    once();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) once();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('WASM Identity and same-dtype Cast', () => {
  it('share memory safely: the copy outlives the original, real casts still convert', async () => {
    const x = tf.tensor([1.5, -2.25, 3], [3]);
    const copies = [tf.clone(x), tf.cast(x, 'float32')];
    const bytes = tf.memory().numBytes;
    x.dispose();
    for (const c of copies) expect(Array.from(await c.data())).toEqual([1.5, -2.25, 3]);
    const ints = tf.cast(copies[0], 'int32');
    expect(ints.dtype).toBe('int32');
    expect(Array.from(await ints.data())).toEqual([1, -2, 3]);
    const flags = tf.tensor([true, false], [2], 'bool');
    const sameFlags = tf.cast(flags, 'bool');
    expect(Array.from(await sameFlags.data())).toEqual([1, 0]);
    tf.dispose([...copies, ints, flags, sameFlags]);
    expect(tf.memory().numBytes).toBeLessThan(bytes);
  });
});

describe('selectWasmKernels', () => {
  it("swaps TF.js's kernels in and ours back, keeping our filter gradient", async () => {
    const { selectWasmKernels } = await import('./register');
    const ours = tf.getKernel('Concat', 'wasm')!.kernelFunc;
    const filterGradient = tf.getKernel('Conv2DBackpropFilter', 'wasm')!.kernelFunc;
    selectWasmKernels('stock');
    expect(tf.getKernel('Concat', 'wasm')!.kernelFunc).not.toBe(ours);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')!.kernelFunc).toBe(filterGradient);
    const joined = tf.tidy(() => tf.concat([tf.ones([2, 3]), tf.zeros([2, 1])], 1));
    expect(Array.from(await joined.data())).toEqual([1, 1, 1, 0, 1, 1, 1, 0]);
    selectWasmKernels('custom');
    expect(tf.getKernel('Concat', 'wasm')!.kernelFunc).toBe(ours);
    tf.dispose(joined);
  });
});
