import { dawnUnavailable } from '../../../cli/dawnOrSwiftShader';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relativeError, seededUniform } from '../../../testing/numeric';
import { forceAdapterKind } from './adapterKind';
import { selectWebgpuKernels } from './register';

interface Case {
  readonly x: [number, number, number, number];
  readonly filter: [number, number, number, number];
  readonly stride: number;
  readonly dilation: number;
  readonly pad: 'same' | 'valid' | number;
}

/** The convolution in float64, straight from the definition. */
function reference(c: Case, x: Float32Array, w: Float32Array): Float64Array {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.stride, c.dilation, c.pad);
  const [batch, inH, inW, inC] = c.x;
  const [kh, kw, , outC] = c.filter;
  const out = new Float64Array(batch * info.outHeight * info.outWidth * outC);
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < info.outHeight; oy++)
      for (let ox = 0; ox < info.outWidth; ox++)
        for (let fy = 0; fy < kh; fy++) {
          const iy = oy * c.stride + fy * c.dilation - info.padInfo.top;
          if (iy < 0 || iy >= inH) continue;
          for (let fx = 0; fx < kw; fx++) {
            const ix = ox * c.stride + fx * c.dilation - info.padInfo.left;
            if (ix < 0 || ix >= inW) continue;
            for (let ci = 0; ci < inC; ci++) {
              const xv = x[((b * inH + iy) * inW + ix) * inC + ci];
              const o = ((b * info.outHeight + oy) * info.outWidth + ox) * outC;
              for (let co = 0; co < outC; co++) out[o + co] += xv * w[((fy * kw + fx) * inC + ci) * outC + co];
            }
          }
        }
  return out;
}

const CASES: Case[] = [
  { x: [2, 9, 11, 4], filter: [3, 3, 4, 8], stride: 1, dilation: 1, pad: 'same' },
  { x: [1, 13, 7, 8], filter: [3, 3, 8, 4], stride: 2, dilation: 1, pad: 'same' },
  { x: [3, 10, 10, 16], filter: [2, 2, 16, 12], stride: 2, dilation: 1, pad: 'valid' },
  { x: [1, 12, 13, 4], filter: [3, 3, 4, 4], stride: 1, dilation: 2, pad: 'same' },
  { x: [2, 6, 5, 128], filter: [3, 3, 128, 64], stride: 1, dilation: 1, pad: 1 },
  { x: [1, 8, 8, 1], filter: [3, 3, 1, 4], stride: 1, dilation: 1, pad: 'same' }, // one input channel: the stock kernel
  { x: [2, 11, 9, 8], filter: [3, 3, 8, 4], stride: 2, dilation: 1, pad: 'valid' },
];

/** dx of a convolution in float64: every dy value spread back over the inputs it came from. */
function referenceInputGrad(c: Case, dy: Float32Array, w: Float32Array): Float64Array {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.stride, 1, c.pad);
  const [batch, inH, inW, inC] = c.x;
  const [kh, kw, , outC] = c.filter;
  const dx = new Float64Array(batch * inH * inW * inC);
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < info.outHeight; oy++)
      for (let ox = 0; ox < info.outWidth; ox++)
        for (let fy = 0; fy < kh; fy++) {
          const iy = oy * c.stride + fy - info.padInfo.top;
          if (iy < 0 || iy >= inH) continue;
          for (let fx = 0; fx < kw; fx++) {
            const ix = ox * c.stride + fx - info.padInfo.left;
            if (ix < 0 || ix >= inW) continue;
            for (let ci = 0; ci < inC; ci++)
              for (let co = 0; co < outC; co++) {
                dx[((b * inH + iy) * inW + ix) * inC + ci] += dy[((b * info.outHeight + oy) * info.outWidth + ox) * outC + co] * w[((fy * kw + fx) * inC + ci) * outC + co];
              }
          }
        }
  return dx;
}

describe.skipIf(dawnUnavailable)('WebGPU Conv2D and Conv2DBackpropInput for CPU-emulated adapters (Dawn)', () => {
  beforeAll(async () => {
    await tf.setBackend('webgpu');
    selectWebgpuKernels('custom');
    forceAdapterKind('software');
  });
  afterAll(async () => {
    forceAdapterKind(null);
    await tf.setBackend('cpu');
  });

  it.each(CASES)('matches float64 within 1e-4: x $x, filter $filter, stride $stride, dilation $dilation, pad $pad', async (c) => {
    const x = seededUniform(c.x.reduce((a, b) => a * b, 1), 3);
    const w = seededUniform(c.filter.reduce((a, b) => a * b, 1), 5);
    const y = tf.conv2d(tf.tensor4d(x, c.x), tf.tensor4d(w, c.filter), c.stride, c.pad, 'NHWC', c.dilation);
    const got = await y.data();
    const want = reference(c, x, w);
    expect(got.length).toBe(want.length);
    expect(relativeError(got, want)).toBeLessThanOrEqual(1e-4);
    y.dispose();
  });

  it.each(['linear', 'relu', 'sigmoid'] as const)('FusedConv2D with bias and %s matches float64 within 1e-4', async (activation) => {
    const c = CASES[1];
    const x = seededUniform(c.x.reduce((a, b) => a * b, 1), 13);
    const w = seededUniform(c.filter.reduce((a, b) => a * b, 1), 17);
    const bias = seededUniform(c.filter[3], 19);
    const y = tf.fused.conv2d({ x: tf.tensor4d(x, c.x), filter: tf.tensor4d(w, c.filter), strides: c.stride, pad: c.pad, bias: tf.tensor1d(bias), activation });
    const f = { linear: (v: number) => v, relu: (v: number) => Math.max(v, 0), sigmoid: (v: number) => 1 / (1 + Math.exp(-v)) }[activation];
    const want = reference(c, x, w).map((v, i) => f(v + bias[i % c.filter[3]]));
    expect(relativeError(await y.data(), want)).toBeLessThanOrEqual(1e-4);
    y.dispose();
  });

  it.each(CASES.filter((c) => c.dilation === 1))('Conv2DBackpropInput matches float64 within 1e-4: x $x, filter $filter, stride $stride, pad $pad', async (c) => {
    const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.stride, 1, c.pad);
    const dy = seededUniform(c.x[0] * info.outHeight * info.outWidth * c.filter[3], 7);
    const w = seededUniform(c.filter.reduce((a, b) => a * b, 1), 9);
    const dx = tf.engine().runKernel(
      'Conv2DBackpropInput',
      { dy: tf.tensor4d(dy, [c.x[0], info.outHeight, info.outWidth, c.filter[3]]), filter: tf.tensor4d(w, c.filter) },
      { strides: c.stride, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
    ) as tf.Tensor;
    const got = await dx.data();
    expect(relativeError(got, referenceInputGrad(c, dy, w))).toBeLessThanOrEqual(1e-4);
    dx.dispose();
  });
});
