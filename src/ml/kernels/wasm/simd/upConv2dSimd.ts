/**
 * Nearest ×2 up-sampling then a 2×2 'same' convolution (stride 1), the up-convolution of the
 * classic Keras U-Net (UpSampling2D, then Conv2D with kernel 2 and padding 'same'), computed from
 * the small input without up-sampling it. With u[p, q] = x[⌊p/2⌋, ⌊q/2⌋] and TF's 'same' padding
 * for a 2×2 filter (none before, one row and column of zeros after):
 *
 *   y[2i + a, 2j + b] = Σ_{ky, kx ∈ {0, 1}} u[2i + a + ky, 2j + b + kx] · w[ky, kx]
 *
 * An even output row (a = 0) reads x row i through both filter rows, an odd one (a = 1) rows i and
 * i + 1; columns likewise. So each of the four output phases (a, b) is a convolution of x itself
 * with a filter of 1×1, 1×2, 2×1 or 2×2 taps (sums of w's taps), zero-padded after: 9 taps per four
 * outputs instead of 16, and no up-sampled tensor. Each phase runs on our direct SIMD tile
 * (assembly/conv2d.ts), writing every other pixel of every other row of y.
 */
import type { SimdKernels } from './simdKernels';

/** Geometry: x [B, H, W, Ci], filter [2, 2, Ci, Co], y [B, 2H, 2W, Co]. */
export interface UpConvShape {
  readonly B: number;
  readonly H: number;
  readonly W: number;
  readonly Ci: number;
  readonly Co: number;
}

/** Byte addresses in the kernels' memory (float32): x, filter [2, 2, Ci, Co], bias [Co] (null: none), y, scratch. */
export interface UpConv2DAt {
  readonly x: number;
  readonly filter: number;
  readonly bias: number | null;
  readonly y: number;
  readonly scratch: number;
}

/**
 * The four phases (a, b): filter size, and each phase tap's source taps of w (t = 2·ky + kx),
 * summed. Row a = 0 folds both filter rows onto x row i; a = 1 keeps them apart (rows i, i + 1).
 */
const PHASES: ReadonlyArray<{ a: number; b: number; kh: number; kw: number; taps: number[][] }> = [
  { a: 0, b: 0, kh: 1, kw: 1, taps: [[0, 1, 2, 3]] },
  { a: 0, b: 1, kh: 1, kw: 2, taps: [[0, 2], [1, 3]] },
  { a: 1, b: 0, kh: 2, kw: 1, taps: [[0, 1], [2, 3]] },
  { a: 1, b: 1, kh: 2, kw: 2, taps: [[0], [1], [2], [3]] },
];

/** 9 phase taps (1 + 2 + 2 + 4) of Ci·Co weights, once summed and once packed, a zero bias and the non-finite flag (padded to 16 bytes). */
export function upConv2dScratchBytes(s: UpConvShape): number {
  return (2 * 9 * s.Ci * s.Co + s.Co) * 4 + 16;
}

/** Whether this shape runs here: output channels a multiple of 4 (the direct tile's narrowest). */
export function upConv2dSimdFits(s: UpConvShape): boolean {
  return s.Co % 4 === 0 && s.Co > 0;
}

/**
 * y = act(bias + conv2d(upsample2x(x), filter, 'same')) as above; act is max(0, ·) when `relu`.
 * `y` [B, 2H, 2W, Co] is written whole and must not overlap x; the scratch holds
 * upConv2dScratchBytes(s). Returns false when an output is not finite (±∞ or NaN): summing taps
 * first changes how infinities and overflow combine (∞·(w0 + w1) is not ∞·w0 + ∞·w1), so the caller
 * must then compute it as the two layers would. Throws if Co is not a multiple of 4.
 */
export function upConv2dSimd(k: SimdKernels, at: UpConv2DAt, s: UpConvShape, relu: boolean): boolean {
  if (!upConv2dSimdFits(s)) throw new Error(`upConv2dSimd: ${s.Co} output channels, not a multiple of 4`);
  const { B, H, W, Ci, Co } = s;
  const tap = Ci * Co;
  const w = new Float32Array(k.memory.buffer, at.filter, 4 * tap);
  const summed = at.scratch;
  const packed = summed + 9 * tap * 4;
  let bias = at.bias;
  if (bias === null) {
    bias = packed + 9 * tap * 4;
    new Float32Array(k.memory.buffer, bias, Co).fill(0);
  }
  const flag = packed + 9 * tap * 4 + Co * 4;
  new Int32Array(k.memory.buffer, flag, 1)[0] = 0;
  // Each phase's filter [kh, kw, Ci, Co] (sums of w's taps), then packed for the tile.
  const phases = PHASES.map((p, i) => {
    const offset = [0, 1, 3, 5][i] * tap;
    const f = new Float32Array(k.memory.buffer, summed + offset * 4, p.taps.length * tap);
    p.taps.forEach((sources, t) => {
      const dst = f.subarray(t * tap, (t + 1) * tap);
      dst.set(w.subarray(sources[0] * tap, (sources[0] + 1) * tap));
      for (const src of sources.slice(1)) {
        const add = w.subarray(src * tap, (src + 1) * tap);
        for (let i = 0; i < tap; i++) dst[i] += add[i];
      }
    });
    k.exports.packFilter(summed + offset * 4, packed + offset * 4, p.taps.length, Ci, Co);
    return { ...p, packed: packed + offset * 4 };
  });
  const xBytes = H * W * Ci * 4;
  const yBytes = 4 * H * W * Co * 4;
  const act = relu ? 1 : 0;
  const outPx = 2 * Co * 4; // every other output pixel
  const outRow = 2 * (2 * W) * Co * 4; // every other output row
  for (let b = 0; b < B; b++) {
    const x = at.x + b * xBytes;
    for (const p of phases) {
      const y = at.y + b * yBytes + (p.a * 2 * W + p.b) * Co * 4;
      const args = [x, p.packed, bias, y, H, W, Ci, H, W, Co, p.kh, p.kw, 0, 0, act, outPx, outRow, flag];
      k.run({ kernel: 'conv2dRows', args, rows: H }, k.helpers);
    }
  }
  return new Int32Array(k.memory.buffer, flag, 1)[0] === 0;
}
