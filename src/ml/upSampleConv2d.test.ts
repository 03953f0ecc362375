/**
 * The fused up-convolution op on WASM (our kernel) against what the two Keras layers run (TF.js's
 * nearest resize, then the fused convolution) on the same backend: the same values for ordinary
 * inputs, and the same infinities and NaNs where an input is infinite or the weights are so large
 * that summing the phase taps would overflow (the kernel then computes it as the two layers do);
 * no tensor left behind; refusal of a filter it does not take.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seededUniform } from '../testing/numeric';
import './kernels/wasm/register';
import { upSampleConv2d } from './upSampleConv2d';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

/** The two layers' ops: nearest ×2 resize, then the 2×2 'same' fused convolution. */
function twoLayers(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D, activation: 'linear' | 'relu'): tf.Tensor4D {
  return tf.tidy(() => tf.fused.conv2d({ x: tf.image.resizeNearestNeighbor(x, [2 * x.shape[1], 2 * x.shape[2]]), filter, strides: 1, pad: 'same', bias, activation }));
}

/** Same NaNs, same infinities, finite values within `tolerance` of the largest finite one. */
function expectSame(got: Float32Array, want: Float32Array, tolerance: number): void {
  const scale = Math.max(1e-30, ...Array.from(want).filter(Number.isFinite).map(Math.abs));
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i])) expect(got[i], `output ${i}`).toBeNaN();
    else if (!Number.isFinite(want[i])) expect(got[i], `output ${i}`).toBe(want[i]);
    else expect(Math.abs(got[i] - want[i]) / scale, `output ${i}`).toBeLessThanOrEqual(tolerance);
  }
}

describe('upSampleConv2d on WASM', () => {
  const [B, H, W, Ci, Co] = [2, 3, 5, 8, 8];
  const inputs = (alter?: (x: Float32Array, w: Float32Array) => void) => {
    const x = seededUniform(B * H * W * Ci, 21);
    const w = seededUniform(4 * Ci * Co, 22);
    alter?.(x, w);
    return { x: tf.tensor4d(x, [B, H, W, Ci]), filter: tf.tensor4d(w, [2, 2, Ci, Co]), bias: tf.tensor1d(seededUniform(Co, 23)) };
  };

  it('equals the two layers for ordinary, infinite and overflowing values, with ReLU or without', async () => {
    const cases: Array<[string, ((x: Float32Array, w: Float32Array) => void) | undefined]> = [
      ['ordinary', undefined],
      ['an infinite input', (x) => (x[3] = Infinity)],
      ['a −∞ pixel', (x) => x.fill(-Infinity, (1 * W + 2) * Ci, (1 * W + 3) * Ci)],
      ['weights of 3e38 (their sums overflow)', (_, w) => w.forEach((v, i) => (w[i] = Math.sign(v) * 3e38))],
    ];
    for (const [what, alter] of cases) {
      for (const activation of ['linear', 'relu'] as const) {
        const { x, filter, bias } = inputs(alter);
        const fused = upSampleConv2d(x, filter, bias, activation);
        const reference = twoLayers(x, filter, bias, activation);
        expect(fused.shape).toEqual([B, 2 * H, 2 * W, Co]);
        const want = (await reference.data()) as Float32Array;
        if (alter) expect(want.some((v) => !Number.isFinite(v)), what).toBe(true);
        expectSame((await fused.data()) as Float32Array, want, 1e-6);
        tf.dispose([x, filter, bias, fused, reference]);
      }
    }
  });

  it('leaves no tensor behind, on the fast path and the fallback', async () => {
    for (const alter of [undefined, (x: Float32Array) => (x[0] = Infinity)]) {
      const { x, filter, bias } = inputs(alter);
      const once = async () => {
        const y = upSampleConv2d(x, filter, bias, 'relu');
        await y.data();
        y.dispose();
      };
      await once();
      const before = tf.memory().numTensors;
      for (let i = 0; i < 3; i++) await once();
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, filter, bias]);
    }
  });
});
