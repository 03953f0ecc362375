/**
 * The up-convolution from the small input (four phase convolutions) against the float64
 * definition: the input up-sampled ×2 by repetition, then the 2×2 'same' convolution. Odd sizes,
 * one pixel, one row, 1…33 input channels, output channels in blocks of 8 and a last block of 4,
 * with and without bias and ReLU; on one thread and on three (real helper workers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConvCase, convReference } from '../../../../testing/convReference';
import { relativeError, seededUniform } from '../../../../testing/numeric';
import { TestHeap, withThreads } from '../../../../testing/simdHeap';
import { setSimdThreads, simdKernels } from './simdKernels';
import { upConv2dScratchBytes, upConv2dSimd, upConv2dSimdFits, type UpConvShape } from './upConv2dSimd';

const SHAPES: UpConvShape[] = [
  { B: 2, H: 5, W: 7, Ci: 3, Co: 8 },
  { B: 1, H: 1, W: 1, Ci: 4, Co: 4 },
  { B: 1, H: 1, W: 9, Ci: 1, Co: 12 },
  { B: 1, H: 8, W: 6, Ci: 33, Co: 20 },
  { B: 2, H: 4, W: 4, Ci: 32, Co: 16 },
];

/** x repeated 2×2: [B, 2H, 2W, Ci]. */
function upSampled(s: UpConvShape, x: Float32Array): Float32Array {
  const out = new Float32Array(s.B * 4 * s.H * s.W * s.Ci);
  for (let b = 0; b < s.B; b++)
    for (let y = 0; y < 2 * s.H; y++)
      for (let xx = 0; xx < 2 * s.W; xx++) {
        const from = ((b * s.H + (y >> 1)) * s.W + (xx >> 1)) * s.Ci;
        out.set(x.subarray(from, from + s.Ci), ((b * 2 * s.H + y) * 2 * s.W + xx) * s.Ci);
      }
  return out;
}

function run(heap: TestHeap, s: UpConvShape, withBias: boolean, relu: boolean): { got: Float32Array; want: Float64Array } {
  const x = seededUniform(s.B * s.H * s.W * s.Ci, 11);
  const w = seededUniform(4 * s.Ci * s.Co, 13);
  const bias = withBias ? seededUniform(s.Co, 17) : null;
  const yFloats = s.B * 4 * s.H * s.W * s.Co;
  heap.reset();
  const k = simdKernels(heap.memory);
  const at = { x: heap.put(x), filter: heap.put(w), bias: bias ? heap.put(bias) : null, y: heap.put(new Float32Array(yFloats).fill(Number.NaN)), scratch: heap.alloc(upConv2dScratchBytes(s)) };
  upConv2dSimd(k, at, s, relu);
  const c: ConvCase = { x: [s.B, 2 * s.H, 2 * s.W, s.Ci], filter: [2, 2], outChannels: s.Co, stride: 1, pad: 'same' };
  const want = convReference(c, upSampled(s, x), w, bias);
  if (relu) want.forEach((v, i) => (want[i] = Math.max(0, v)));
  return { got: heap.read(at.y, yFloats), want };
}

describe('up-sampling + 2×2 convolution from the small input', () => {
  beforeAll(() => setSimdThreads(1));
  const heap = new TestHeap(false);

  it.each(SHAPES)('matches float64 within 1e-6: x [$B, $H, $W, $Ci] → $Co', (s) => {
    for (const [withBias, relu] of [[true, true], [true, false], [false, false]]) {
      const { got, want } = run(heap, s, withBias, relu);
      expect(relativeError(got, want), `bias ${withBias}, relu ${relu}`).toBeLessThanOrEqual(1e-6);
    }
  });

  it('takes output channels in fours only', () => {
    expect(upConv2dSimdFits({ B: 1, H: 2, W: 2, Ci: 3, Co: 4 })).toBe(true);
    expect(upConv2dSimdFits({ B: 1, H: 2, W: 2, Ci: 3, Co: 6 })).toBe(false);
    const at = { x: 16, filter: 16, bias: null, y: 16, scratch: 16 };
    expect(() => upConv2dSimd(simdKernels(heap.memory), at, { B: 1, H: 2, W: 2, Ci: 3, Co: 6 }, false)).toThrow(/6 output channels, not a multiple of 4/);
  });
});

describe('up-sampling + 2×2 convolution on helper threads', () => {
  afterAll(() => setSimdThreads(null));

  it('gives the float64 definition with 3 threads', async () => {
    const heap = new TestHeap(true);
    expect(await withThreads(heap, 3)).toBe(3);
    for (const s of [SHAPES[0], SHAPES[3], { B: 1, H: 16, W: 16, Ci: 16, Co: 8 }]) {
      const { got, want } = run(heap, s, true, true);
      expect(relativeError(got, want), `x ${s.H}×${s.W}×${s.Ci}`).toBeLessThanOrEqual(1e-6);
    }
  }, 60_000);
});
