/**
 * Our WebAssembly SIMD convolution against the float64 definition: odd sizes, 1×1/2×2/3×3/5×3
 * filters, same/valid/wider and asymmetric padding, images narrower than a 4-pixel tile, output
 * channels in blocks of 8 and a last block of 4, with and without bias and ReLU; on one thread and
 * with rows split over three (real helper workers on shared memory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConvCase, convInfo, convReference, STRIDE1_CASES } from '../../../../testing/convReference';
import { relativeError, seededUniform } from '../../../../testing/numeric';
import { TestHeap, withThreads } from '../../../../testing/simdHeap';
import { conv2dAlgorithm, conv2dScratchBytes, conv2dSimd, conv2dSimdFits } from './conv2dSimd';
import { setSimdThreads, simdKernels } from './simdKernels';

const CASES: ConvCase[] = [
  ...STRIDE1_CASES,
  { x: [1, 3, 2, 7], filter: [3, 3], outChannels: 8, stride: 1, pad: 'same' },
  { x: [2, 33, 35, 17], filter: [3, 3], outChannels: 24, stride: 1, pad: 'same' },
  { x: [1, 5, 4, 64], filter: [3, 3], outChannels: 64, stride: 1, pad: 'same' },
];

/**
 * Shapes Winograd's F(2×2, 3×3) takes (3×3, Ci % 4 = 0, Co % 8 = 0): odd and even sizes (a last
 * tile half outside), one pixel, valid and wider padding, several bands and a last short one, 256
 * input channels.
 */
const WINOGRAD_CASES: ConvCase[] = [
  { x: [2, 7, 9, 4], filter: [3, 3], outChannels: 8, stride: 1, pad: 'same' },
  { x: [1, 1, 1, 8], filter: [3, 3], outChannels: 16, stride: 1, pad: 'same' },
  { x: [1, 9, 6, 12], filter: [3, 3], outChannels: 24, stride: 1, pad: 'valid' },
  { x: [1, 6, 7, 4], filter: [3, 3], outChannels: 8, stride: 1, pad: 2 },
  { x: [1, 3, 40, 16], filter: [3, 3], outChannels: 16, stride: 1, pad: 'same' },
  { x: [2, 21, 5, 8], filter: [3, 3], outChannels: 32, stride: 1, pad: 'same' },
  { x: [1, 6, 6, 256], filter: [3, 3], outChannels: 16, stride: 1, pad: 'same' },
];

/**
 * Runs the kernel on case c in `heap`; returns its output and the float64 reference (with ReLU when
 * asked). `alter` may change the input and filter first (non-finite values).
 */
function run(heap: TestHeap, c: ConvCase, withBias: boolean, relu: boolean, alter?: (x: Float32Array, w: Float32Array) => void): { got: Float32Array; want: Float64Array } {
  const info = convInfo(c);
  const [B, H, W, Ci] = c.x;
  const x = seededUniform(B * H * W * Ci, 3);
  const w = seededUniform(c.filter[0] * c.filter[1] * Ci * c.outChannels, 5);
  alter?.(x, w);
  const bias = withBias ? seededUniform(c.outChannels, 9) : null;
  const shape = { B, H, W, Ci, Ho: info.outHeight, Wo: info.outWidth, Co: c.outChannels, kh: c.filter[0], kw: c.filter[1], top: info.padInfo.top, left: info.padInfo.left };
  const yFloats = B * info.outHeight * info.outWidth * c.outChannels;
  heap.reset();
  const k = simdKernels(heap.memory);
  const at = { x: heap.put(x), filter: heap.put(w), bias: bias ? heap.put(bias) : null, y: heap.put(new Float32Array(yFloats).fill(Number.NaN)), scratch: heap.alloc(conv2dScratchBytes(k, shape)) };
  conv2dSimd(k, at, shape, relu);
  const want = convReference(c, x, w, bias);
  if (relu) want.forEach((v, i) => (want[i] = Math.max(0, v)));
  return { got: heap.read(at.y, yFloats), want };
}

describe('conv2d.wasm', () => {
  beforeAll(() => setSimdThreads(1));
  const heap = new TestHeap(false);

  it.each(CASES)('matches float64 within 1e-6: x $x, filter $filter → $outChannels, pad $pad', (c) => {
    for (const [withBias, relu] of [[true, true], [true, false], [false, false]]) {
      const { got, want } = run(heap, c, withBias, relu);
      expect(relativeError(got, want), `bias ${withBias}, relu ${relu}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it.each(WINOGRAD_CASES)('by Winograd, matches float64 within 1e-6: x $x → $outChannels, pad $pad', (c) => {
    const [B, H, W, Ci] = c.x;
    const info = convInfo(c);
    const shape = { B, H, W, Ci, Ho: info.outHeight, Wo: info.outWidth, Co: c.outChannels, kh: 3, kw: 3, top: info.padInfo.top, left: info.padInfo.left };
    expect(conv2dAlgorithm(shape)).toBe('winograd');
    for (const [withBias, relu] of [[true, true], [true, false], [false, false]]) {
      const { got, want } = run(heap, c, withBias, relu);
      expect(relativeError(got, want), `bias ${withBias}, relu ${relu}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('gives what the direct sum gives for infinite inputs and weights (±∞, not the transforms\' ∞ − ∞ = NaN)', () => {
    const c: ConvCase = { x: [2, 6, 7, 8], filter: [3, 3], outChannels: 16, stride: 1, pad: 'same' };
    const alters: Array<(x: Float32Array, w: Float32Array) => void> = [
      (x) => (x[(2 * 7 + 3) * 8] = Infinity), // one pixel of the first image, one channel
      (x) => x.fill(-Infinity, (6 * 7 + 10) * 8, (6 * 7 + 11) * 8), // a whole pixel of the second image
      (_, w) => (w[4 * 8 * 16 + 5] = Infinity), // the centre tap of one channel pair
    ];
    for (const alter of alters) {
      const { got, want } = run(heap, c, true, false, alter);
      const infinite = want.filter((v) => !Number.isFinite(v)).length;
      expect(infinite).toBeGreaterThan(0);
      for (let i = 0; i < want.length; i++) {
        if (Number.isNaN(want[i])) expect(got[i], `output ${i}`).toBeNaN();
        else if (!Number.isFinite(want[i])) expect(got[i], `output ${i}`).toBe(want[i]);
        else expect(Math.abs(got[i] - want[i]), `output ${i}`).toBeLessThanOrEqual(1e-5);
      }
    }
  });

  it('gives finite sums for inputs near float32\'s largest, where the transforms would overflow to ±∞', () => {
    // Three inputs of ~2e38 (sums of two overflow in Bᵀ d B) and weights of ~1e-3: every output is finite.
    const c: ConvCase = { x: [1, 6, 6, 4], filter: [3, 3], outChannels: 8, stride: 1, pad: 'same' };
    const { got, want } = run(heap, c, false, false, (x, w) => {
      x[(1 * 6 + 2) * 4 + 2] = -2.428e38;
      x[(2 * 6 + 4) * 4 + 2] = -2.343e38;
      x[(4 * 6 + 5) * 4 + 2] = 1.666e38;
      w.forEach((v, i) => (w[i] = v * 1e-3));
    });
    expect(want.every((v) => Number.isFinite(v))).toBe(true);
    expect(got.every((v) => Number.isFinite(v))).toBe(true);
    expect(relativeError(got, want)).toBeLessThanOrEqual(1e-6);
  });

  it('runs Winograd only on 3×3 filters with input channels in fours and output channels in eights', () => {
    const shape = { B: 1, H: 8, W: 8, Ci: 16, Ho: 8, Wo: 8, Co: 16, kh: 3, kw: 3, top: 1, left: 1 };
    expect(conv2dAlgorithm(shape)).toBe('winograd');
    expect(conv2dAlgorithm({ ...shape, Ci: 6 })).toBe('direct');
    expect(conv2dAlgorithm({ ...shape, Co: 12 })).toBe('direct');
    expect(conv2dAlgorithm({ ...shape, kh: 2, kw: 2 })).toBe('direct');
    expect(conv2dAlgorithm({ ...shape, kw: 5 })).toBe('direct');
  });

  it('takes output channels in fours only', () => {
    const shape = { B: 1, H: 2, W: 2, Ci: 1, Ho: 2, Wo: 2, Co: 4, kh: 1, kw: 1, top: 0, left: 0 };
    expect(conv2dSimdFits(shape)).toBe(true);
    expect(conv2dSimdFits({ ...shape, Co: 1 })).toBe(false);
    expect(conv2dSimdFits({ ...shape, Co: 6 })).toBe(false);
    const at = { x: 16, filter: 16, bias: null, y: 16, scratch: 16 };
    expect(() => conv2dSimd(simdKernels(heap.memory), at, { ...shape, Co: 6 }, false)).toThrow(/6 output channels, not a multiple of 4/);
  });
});

describe('conv2d.wasm on helper threads', () => {
  afterAll(() => setSimdThreads(null));

  it('gives the same outputs with 3 threads (rows split three ways) as the float64 definition', async () => {
    const heap = new TestHeap(true);
    expect(await withThreads(heap, 3)).toBe(3);
    for (const c of [
      { x: [3, 10, 9, 6], filter: [3, 3], outChannels: 20, stride: 1, pad: 'same' },
      { x: [2, 2, 7, 5], filter: [2, 2], outChannels: 4, stride: 1, pad: 'same' }, // fewer rows than threads
      { x: [2, 32, 32, 16], filter: [3, 3], outChannels: 16, stride: 1, pad: 'valid' }, // Winograd, 4 tile rows a band
      { x: [1, 40, 6, 8], filter: [3, 3], outChannels: 16, stride: 1, pad: 'same' }, // Winograd: bands of 6 tile rows, the last of 2
    ] as ConvCase[]) {
      const { got, want } = run(heap, c, true, true);
      expect(relativeError(got, want), `x ${c.x}`).toBeLessThanOrEqual(1e-6);
    }
    // An infinite input in every band (whichever thread takes it): ±∞ out, as the direct sum gives, no NaN.
    const c: ConvCase = { x: [1, 40, 6, 8], filter: [3, 3], outChannels: 16, stride: 1, pad: 'same' };
    const { got, want } = run(heap, c, true, false, (x) => {
      for (let row = 2; row < 40; row += 6) x[(row * 6 + 3) * 8] = Infinity;
    });
    expect(want.some((v) => v === Infinity) && want.some((v) => v === -Infinity)).toBe(true);
    expect(got.filter((v) => Number.isNaN(v))).toHaveLength(0);
    got.forEach((v, i) => !Number.isFinite(want[i]) && expect(v, `output ${i}`).toBe(want[i]));
  }, 60_000);
});
