/**
 * Our WebAssembly SIMD filter gradient (assembly/filterGradient.ts) seen from TypeScript: inputs
 * copied into the kernels' memory one image at a time (a 256² image with 32 channels: 12 MB), each
 * image's output rows split over the threads (simdKernels.ts), each share summed into its own
 * float64 dW and the shares added at the end.
 */
import { SIMD_MAX_BYTES, runRows, simdKernels, simdThreads } from './simdKernels';

/** Geometry of one call: x [B, H, W, Ci], dy [B, Ho, Wo, Co], dW [kh, kw, Ci, Co]; top/left: zero padding in pixels. */
export interface FilterGradientShape {
  readonly B: number;
  readonly H: number;
  readonly W: number;
  readonly Ci: number;
  readonly Ho: number;
  readonly Wo: number;
  readonly Co: number;
  readonly kh: number;
  readonly kw: number;
  readonly top: number;
  readonly left: number;
}

/** Bytes of kernel memory one call takes: a float64 dW per share, one image of x and of dy. */
function bytesFor(s: FilterGradientShape, shares: number): number {
  return shares * s.kh * s.kw * s.Ci * s.Co * 8 + (s.H * s.W * s.Ci + s.Ho * s.Wo * s.Co) * 4;
}

/**
 * Whether the SIMD kernel computes this shape: stride and dilation 1, and one image's operands
 * within its memory's maximum (1 GiB; a 1024² layer of 128 → 128 channels is over it).
 */
export function simdFilterGradientFits(strideH: number, strideW: number, dilationH: number, dilationW: number, shape?: FilterGradientShape): boolean {
  if (strideH !== 1 || strideW !== 1 || dilationH !== 1 || dilationW !== 1) return false;
  return !shape || bytesFor(shape, simdThreads()) <= SIMD_MAX_BYTES;
}

/**
 * dW[ky, kx, ci, co] = Σ_{b, oy, ox} x[b, oy + ky − top, ox + kx − left, ci] · dy[b, oy, ox, co] (zero
 * outside the image), stride 1, NHWC; float32 in, float64 sums, float32 out. `out` is written whole.
 * Throws if the arrays' sizes do not match the shape.
 */
export function filterGradientSimd(x: Float32Array, dy: Float32Array, out: Float32Array, s: FilterGradientShape): void {
  const xFloats = s.H * s.W * s.Ci;
  const dyFloats = s.Ho * s.Wo * s.Co;
  const outFloats = s.kh * s.kw * s.Ci * s.Co;
  if (x.length !== s.B * xFloats || dy.length !== s.B * dyFloats || out.length !== outFloats) throw new Error('filterGradientSimd: array sizes do not match the shape');
  // Layout: one float64 dW per share (8-byte aligned), then one image of x and of dy.
  const outStride = outFloats * 8;
  const { exports, heap, helpers } = simdKernels((h) => bytesFor(s, h + 1), `the filter gradient of a ${s.H}×${s.W}×${s.Ci} → ${s.Co} layer`);
  const xAt = (helpers + 1) * outStride;
  const dyAt = xAt + xFloats * 4;
  const shares = new Float64Array(heap, 0, (helpers + 1) * outFloats);
  shares.fill(0);
  const xImage = new Float32Array(heap, xAt, xFloats);
  const dyImage = new Float32Array(heap, dyAt, dyFloats);
  const args = [xAt, dyAt, 0, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left];
  const own = (oy0: number, oy1: number) => exports.filterGradientRows(xAt, dyAt, 0, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left, oy0, oy1);
  for (let b = 0; b < s.B; b++) {
    xImage.set(x.subarray(b * xFloats, (b + 1) * xFloats));
    dyImage.set(dy.subarray(b * dyFloats, (b + 1) * dyFloats));
    runRows({ kernel: 'filterGradientRows', args, rows: s.Ho, shareArg: 2, shareStride: outStride }, helpers, own);
  }
  for (let p = 1; p <= helpers; p++) {
    for (let i = 0, j = p * outFloats; i < outFloats; i++, j++) shares[i] += shares[j];
  }
  out.set(shares.subarray(0, outFloats));
}
