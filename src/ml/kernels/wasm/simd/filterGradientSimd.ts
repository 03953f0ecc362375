/**
 * Our WebAssembly SIMD filter gradient (assembly/filterGradient.ts) on tensors where they lie in the
 * heap (simdKernels.ts): each image's output rows are split over the threads, each thread sums its
 * rows into its own float64 dW in a scratch buffer, and the shares are added at the end.
 */
import type { ConvShape, SimdKernels } from './simdKernels';

/** Byte addresses in the kernels' memory: x [B, H, W, Ci], dy [B, Ho, Wo, Co], out [kh, kw, Ci, Co] (float32), and scratch (8-byte aligned). */
export interface FilterGradientAt {
  readonly x: number;
  readonly dy: number;
  readonly out: number;
  readonly scratch: number;
}

/** Whether the SIMD kernel computes this convolution's filter gradient: stride and dilation 1. */
export function simdFilterGradientFits(strideH: number, strideW: number, dilationH: number, dilationW: number): boolean {
  return strideH === 1 && strideW === 1 && dilationH === 1 && dilationW === 1;
}

/** Scratch one call needs, in bytes: a float64 dW per share (this thread and each of `helpers`). */
export function filterGradientScratchBytes(s: ConvShape, helpers: number): number {
  return (helpers + 1) * s.kh * s.kw * s.Ci * s.Co * 8;
}

/**
 * dW[ky, kx, ci, co] = Σ_{b, oy, ox} x[b, oy + ky − top, ox + kx − left, ci] · dy[b, oy, ox, co] (zero
 * outside the image), stride 1, NHWC; float32 in, float64 sums, float32 out, written whole. `k` as
 * simdKernels returned it: its `helpers` must be what the scratch was sized for
 * (filterGradientScratchBytes). Throws if the scratch is not 8-byte aligned.
 */
export function filterGradientSimd(k: SimdKernels, at: FilterGradientAt, s: ConvShape): void {
  if (at.scratch % 8 !== 0) throw new Error('filterGradientSimd: the scratch buffer is not 8-byte aligned');
  const xBytes = s.H * s.W * s.Ci * 4;
  const dyBytes = s.Ho * s.Wo * s.Co * 4;
  const outFloats = s.kh * s.kw * s.Ci * s.Co;
  const shareStride = outFloats * 8;
  const helpers = k.helpers;
  const shares = new Float64Array(k.memory.buffer, at.scratch, (helpers + 1) * outFloats);
  shares.fill(0);
  for (let b = 0; b < s.B; b++) {
    const x = at.x + b * xBytes;
    const dy = at.dy + b * dyBytes;
    const args = [x, dy, at.scratch, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left];
    k.run({ kernel: 'filterGradientRows', args, rows: s.Ho, shareArg: 2, shareStride }, helpers);
  }
  for (let p = 1; p <= helpers; p++) {
    for (let i = 0, j = p * outFloats; i < outFloats; i++, j++) shares[i] += shares[j];
  }
  new Float32Array(k.memory.buffer, at.out, outFloats).set(shares.subarray(0, outFloats));
}
