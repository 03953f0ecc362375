/**
 * An engine without WebAssembly SIMD (Safari before 16.4, say): our SIMD module cannot compile
 * there, so every kernel that needs it must hand its work to TF.js's own, and still be right.
 * WebAssembly.validate answering false, and compiling any module afterwards failing as such an
 * engine fails on SIMD code, stand in for it (TF.js then loads its non-SIMD build too).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type ConvCase, convReference, filterGradReference } from '../../../testing/convReference';
import { relativeError, seededUniform } from '../../../testing/numeric';
import './register';
import { simdSupported } from './simd/simdKernels';

beforeAll(async () => {
  vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
  await tf.setBackend('wasm');
  // TF.js is compiled by now: from here any module compiled is ours, and fails as it would there.
  vi.spyOn(WebAssembly, 'Module').mockImplementation(() => {
    throw new WebAssembly.CompileError('invalid opcode (SIMD)');
  });
});
afterAll(() => vi.restoreAllMocks());

it('without WebAssembly SIMD, convolutions, their filter gradient and Sum run on TF.js’s kernels and stay right', async () => {
  expect(simdSupported()).toBe(false);
  const c: ConvCase = { x: [2, 20, 18, 8], filter: [3, 3], outChannels: 16, stride: 1, pad: 'same' };
  const x = seededUniform(2 * 20 * 18 * 8, 3);
  const w = seededUniform(3 * 3 * 8 * 16, 5);
  const bias = seededUniform(16, 7);
  const xt = tf.tensor4d(x, c.x);
  const wt = tf.tensor4d(w, [3, 3, 8, 16]);
  const y = tf.fused.conv2d({ x: xt, filter: wt, bias: tf.tensor1d(bias), strides: 1, pad: 'same' });
  expect(relativeError(await y.data(), convReference(c, x, w, bias))).toBeLessThanOrEqual(1e-5);
  // d(sum(conv(x, W) · dy))/dW is the filter gradient of dy.
  const dy = seededUniform(2 * 20 * 18 * 16, 11);
  const dyt = tf.tensor4d(dy, [2, 20, 18, 16]);
  const dw = tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(xt, f as tf.Tensor4D, 1, 'same'), dyt)))(wt);
  expect(relativeError(await dw.data(), filterGradReference(c, x, dy))).toBeLessThanOrEqual(1e-4);
  const sums = tf.sum(dyt, [0, 1, 2]);
  const want = new Float64Array(16);
  dy.forEach((v, i) => (want[i % 16] += v));
  expect(relativeError(await sums.data(), want)).toBeLessThanOrEqual(1e-5);
  tf.dispose([xt, wt, y, dyt, dw, sums]);
});
