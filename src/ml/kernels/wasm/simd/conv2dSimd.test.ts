/**
 * Our WebAssembly SIMD convolution against the float64 definition: odd sizes, 1×1/2×2/3×3/5×3
 * filters, same/valid/wider and asymmetric padding, images narrower than a 4-pixel tile, output
 * channels in blocks of 8 and a last block of 4, with and without bias and ReLU; on one thread and
 * with rows split over three (real helper workers on shared memory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConvCase, convInfo, convReference } from '../../../../testing/convReference';
import { relativeError, seededUniform } from '../../../../testing/numeric';
import { conv2dSimd, conv2dSimdFits } from './conv2dSimd';
import { setSimdThreads, simdThreads } from './simdKernels';

const CASES: ConvCase[] = [
  { x: [1, 7, 9, 1], filter: [3, 3], outChannels: 4, stride: 1, pad: 'same' },
  { x: [2, 9, 7, 5], filter: [3, 3], outChannels: 12, stride: 1, pad: 'same' },
  { x: [2, 7, 9, 6], filter: [3, 3], outChannels: 32, stride: 1, pad: 'valid' },
  { x: [1, 6, 5, 3], filter: [2, 2], outChannels: 20, stride: 1, pad: 'same' },
  { x: [3, 5, 6, 33], filter: [1, 1], outChannels: 16, stride: 1, pad: 'valid' },
  { x: [1, 6, 7, 4], filter: [3, 3], outChannels: 4, stride: 1, pad: 2 },
  { x: [2, 8, 11, 16], filter: [5, 3], outChannels: 36, stride: 1, pad: 'same' },
  { x: [1, 3, 2, 7], filter: [3, 3], outChannels: 8, stride: 1, pad: 'same' },
  { x: [2, 33, 35, 17], filter: [3, 3], outChannels: 24, stride: 1, pad: 'same' },
  { x: [1, 5, 4, 64], filter: [3, 3], outChannels: 64, stride: 1, pad: 'same' },
];

/** Runs the kernel on case c; returns its output and the float64 reference (with ReLU when asked). */
function run(c: ConvCase, withBias: boolean, relu: boolean): { got: Float32Array; want: Float64Array } {
  const info = convInfo(c);
  const [B, H, W, Ci] = c.x;
  const x = seededUniform(B * H * W * Ci, 3);
  const w = seededUniform(c.filter[0] * c.filter[1] * Ci * c.outChannels, 5);
  const bias = withBias ? seededUniform(c.outChannels, 9) : null;
  const got = new Float32Array(B * info.outHeight * info.outWidth * c.outChannels).fill(Number.NaN);
  conv2dSimd(x, w, bias, got, { B, H, W, Ci, Ho: info.outHeight, Wo: info.outWidth, Co: c.outChannels, kh: c.filter[0], kw: c.filter[1], top: info.padInfo.top, left: info.padInfo.left }, relu);
  const want = convReference(c, x, w, bias);
  if (relu) want.forEach((v, i) => (want[i] = Math.max(0, v)));
  return { got, want };
}

describe('conv2d.wasm', () => {
  beforeAll(() => setSimdThreads(1));

  it.each(CASES)('matches float64 within 1e-6: x $x, filter $filter → $outChannels, pad $pad', (c) => {
    for (const [withBias, relu] of [[true, true], [true, false], [false, false]]) {
      const { got, want } = run(c, withBias, relu);
      expect(relativeError(got, want), `bias ${withBias}, relu ${relu}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('takes output channels in fours only, and refuses arrays that do not match the shape', () => {
    const shape = { B: 1, H: 2, W: 2, Ci: 1, Ho: 2, Wo: 2, Co: 4, kh: 1, kw: 1, top: 0, left: 0 };
    expect(conv2dSimdFits(shape)).toBe(true);
    expect(conv2dSimdFits({ ...shape, Co: 1 })).toBe(false);
    expect(conv2dSimdFits({ ...shape, Co: 6 })).toBe(false);
    // One image must fit the kernels' 1 GiB: a 4096² image of 64 → 64 channels does not.
    expect(conv2dSimdFits({ ...shape, H: 4096, W: 4096, Ho: 4096, Wo: 4096, Ci: 64, Co: 64 })).toBe(false);
    expect(() => conv2dSimd(new Float32Array(4), new Float32Array(4), null, new Float32Array(15), shape, false)).toThrow(/sizes do not match/);
  });
});

describe('conv2d.wasm on helper threads', () => {
  afterAll(() => setSimdThreads(null));

  it('gives the same outputs with 3 threads (rows split three ways) as the float64 definition', async () => {
    setSimdThreads(3);
    const deadline = Date.now() + 20_000;
    while (simdThreads() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(simdThreads()).toBe(3);
    for (const c of [
      { x: [3, 10, 9, 6], filter: [3, 3], outChannels: 20, stride: 1, pad: 'same' },
      { x: [2, 2, 7, 5], filter: [2, 2], outChannels: 4, stride: 1, pad: 'same' }, // fewer rows than threads
      { x: [2, 32, 32, 16], filter: [3, 3], outChannels: 16, stride: 1, pad: 'valid' },
    ] as ConvCase[]) {
      const { got, want } = run(c, true, true);
      expect(relativeError(got, want), `x ${c.x}`).toBeLessThanOrEqual(1e-6);
    }
  }, 60_000);
});
