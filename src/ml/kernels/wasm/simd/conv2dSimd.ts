/**
 * Our WebAssembly SIMD convolution on tensors where they lie in the heap (simdKernels.ts): stride 1,
 * dilation 1, NHWC, any zero padding, a bias and an optional ReLU. Two algorithms:
 * - 3×3 filters with input channels in fours and output channels in eights (every 3×3 layer of a
 *   U-Net but the first) go through Winograd's F(2×2, 3×3) (assembly/winograd.ts): 2.25× fewer
 *   multiply-adds; measured 1.5–2.1× the direct tile's speed on the base-16 U-Net's layers.
 * - Everything else goes through the direct tile (assembly/conv2d.ts).
 * The filter is transformed or packed once per call into a scratch buffer; each image's output rows
 * (Winograd: bands of 2-row tiles) are split over the threads, each writing its own rows in place.
 */
import type { ConvShape, SimdKernels } from './simdKernels';

/** Byte addresses in the kernels' memory (float32): x [B, H, W, Ci], filter [kh, kw, Ci, Co], bias [Co] (null: none), y [B, Ho, Wo, Co], scratch. */
export interface Conv2DAt {
  readonly x: number;
  readonly filter: number;
  readonly bias: number | null;
  readonly y: number;
  readonly scratch: number;
}

/** Which of the two algorithms computes a shape. */
export type Conv2DAlgorithm = 'winograd' | 'direct';

/**
 * Whether the SIMD convolution computes this shape: output channels a multiple of 4 (the kernel's
 * narrowest tile; a 1-channel head goes elsewhere).
 */
export function conv2dSimdFits(s: ConvShape): boolean {
  return s.Co % 4 === 0 && s.Co > 0;
}

/** The algorithm for a shape that fits: Winograd for 3×3 filters with Ci % 4 = 0 and Co % 8 = 0. */
export function conv2dAlgorithm(s: ConvShape): Conv2DAlgorithm {
  return s.kh === 3 && s.kw === 3 && s.Ci % 4 === 0 && s.Co % 8 === 0 ? 'winograd' : 'direct';
}

/** Tiles per Winograd band, at least: fewer make the products too short; more gained nothing measured. */
const BAND_TILES = 16;

/** Rows of 2×2 tiles per Winograd band for this shape. */
function bandRows(s: ConvShape): number {
  return Math.min(Math.ceil(s.Ho / 2), Math.ceil(BAND_TILES / Math.ceil(s.Wo / 2)));
}

/** Bytes of the kernels' non-finite flag (an i32, padded so that what follows stays 16-byte aligned). */
const FLAG_BYTES = 16;

/**
 * Scratch one call needs, in bytes: the transformed (Winograd: 16 positions) or packed (direct:
 * kh·kw taps) filter, a zero bias, the kernels' non-finite flag, and for Winograd one band's
 * transformed input and products per share (this thread and each of k's helpers, as
 * assembly/winograd.ts lays them out).
 */
export function conv2dScratchBytes(k: SimdKernels, s: ConvShape): number {
  const head = (filterFloats(s) + s.Co) * 4 + FLAG_BYTES;
  return conv2dAlgorithm(s) === 'direct' ? head : head + (k.helpers + 1) * k.exports.winogradScratchBytes(s.Wo, s.Ci, s.Co, bandRows(s));
}

/** Floats of the transformed (Winograd) or packed (direct) filter. */
function filterFloats(s: ConvShape): number {
  return (conv2dAlgorithm(s) === 'winograd' ? 16 : s.kh * s.kw) * s.Ci * s.Co;
}

/**
 * y[b, oy, ox, co] = act(bias[co] + Σ_{ky, kx, ci} x[b, oy + ky − top, ox + kx − left, ci] ·
 * filter[ky, kx, ci, co]) with zeros outside the image; act is max(0, ·) when `relu`, else none.
 * `y` is written whole and must not overlap x; the scratch must hold conv2dScratchBytes(k, s).
 * Where Winograd's output is not finite, the call is computed again directly, so that it gives
 * what the direct sum gives: the transforms turn an infinite input or weight into ∞ − ∞ = NaN, and
 * overflow on inputs near float32's largest where the direct sum may not. Throws if Co is not a
 * multiple of 4.
 */
export function conv2dSimd(k: SimdKernels, at: Conv2DAt, s: ConvShape, relu: boolean): void {
  if (!conv2dSimdFits(s)) throw new Error(`conv2dSimd: ${s.Co} output channels, not a multiple of 4`);
  // The transformed or packed filter first (the direct packing, kh·kw = 9 taps, fits where Winograd's 16 were).
  const packed = at.scratch;
  const filterBytes = filterFloats(s) * 4;
  let bias = at.bias;
  if (bias === null) {
    bias = packed + filterBytes;
    new Float32Array(k.memory.buffer, bias, s.Co).fill(0);
  }
  const flag = packed + filterBytes + s.Co * 4;
  const act = relu ? 1 : 0;
  if (conv2dAlgorithm(s) === 'winograd' && winogradFinite(k, at, s, act, packed, bias, flag)) return;
  k.exports.packFilter(at.filter, packed, s.kh * s.kw, s.Ci, s.Co);
  const xBytes = s.H * s.W * s.Ci * 4;
  const yBytes = s.Ho * s.Wo * s.Co * 4;
  const outPx = s.Co * 4;
  const outRow = s.Wo * s.Co * 4;
  for (let b = 0; b < s.B; b++) {
    const x = at.x + b * xBytes;
    const y = at.y + b * yBytes;
    const args = [x, packed, bias, y, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left, act, outPx, outRow, flag];
    k.run({ kernel: 'conv2dRows', args, rows: s.Ho }, k.helpers);
  }
}

/**
 * The Winograd path: transforms the filter into `u`, computes every image, and tells whether every
 * output came out finite (the flag at `flag`, set by any thread that saw one that is not; the
 * bands' scratch follows it).
 */
function winogradFinite(k: SimdKernels, at: Conv2DAt, s: ConvShape, act: number, u: number, bias: number, flag: number): boolean {
  k.exports.winogradFilter(at.filter, u, s.Ci, s.Co);
  new Int32Array(k.memory.buffer, flag, 1)[0] = 0;
  const band = flag + FLAG_BYTES; // this thread's band scratch, then each helper's
  const rows = bandRows(s);
  const bands = Math.ceil(Math.ceil(s.Ho / 2) / rows);
  const shareStride = k.exports.winogradScratchBytes(s.Wo, s.Ci, s.Co, rows);
  const xBytes = s.H * s.W * s.Ci * 4;
  const yBytes = s.Ho * s.Wo * s.Co * 4;
  for (let b = 0; b < s.B; b++) {
    const x = at.x + b * xBytes;
    const y = at.y + b * yBytes;
    const args = [x, u, bias, y, band, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.top, s.left, act, rows, flag];
    k.run({ kernel: 'winogradRows', args, rows: bands, shareArg: 4, shareStride }, k.helpers);
  }
  return new Int32Array(k.memory.buffer, flag, 1)[0] === 0;
}
