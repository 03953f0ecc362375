/**
 * Our WebAssembly SIMD convolution (assembly/conv2d.ts) seen from TypeScript: stride 1, dilation 1,
 * NHWC, any zero padding, a bias and an optional ReLU. The filter is packed once per call into
 * blocks of 8 output channels; images are copied in one at a time and their output rows split over
 * the threads (simdKernels.ts), each thread writing its own rows of the output.
 */
import { SIMD_MAX_BYTES, runRows, simdKernels } from './simdKernels';

/** Geometry of one call: x [B, H, W, Ci], filter [kh, kw, Ci, Co], y [B, Ho, Wo, Co]; top/left: zero padding in pixels. */
export interface Conv2DShape {
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

/** Bytes of kernel memory one call takes: the filter twice (as given, packed), the bias, one image of x and of y. */
function bytesFor(s: Conv2DShape): number {
  return (2 * s.kh * s.kw * s.Ci * s.Co + s.Co + s.H * s.W * s.Ci + s.Ho * s.Wo * s.Co) * 4;
}

/**
 * Whether the SIMD convolution computes this shape: output channels a multiple of 4 (the kernel's
 * narrowest tile; a 1-channel head goes elsewhere) and one image within its memory's 1 GiB.
 */
export function conv2dSimdFits(s: Conv2DShape): boolean {
  return s.Co % 4 === 0 && s.Co > 0 && bytesFor(s) <= SIMD_MAX_BYTES;
}

/**
 * y[b, oy, ox, co] = act(bias[co] + Σ_{ky, kx, ci} x[b, oy + ky − top, ox + kx − left, ci] ·
 * filter[ky, kx, ci, co]) with zeros outside the image; act is max(0, ·) when `relu`, else none.
 * bias null means zeros. `y` is written whole. Throws if the arrays' sizes do not match the shape or
 * the shape does not fit (conv2dSimdFits).
 */
export function conv2dSimd(x: Float32Array, filter: Float32Array, bias: Float32Array | null, y: Float32Array, s: Conv2DShape, relu: boolean): void {
  const xFloats = s.H * s.W * s.Ci;
  const yFloats = s.Ho * s.Wo * s.Co;
  const wFloats = s.kh * s.kw * s.Ci * s.Co;
  if (x.length !== s.B * xFloats || y.length !== s.B * yFloats || filter.length !== wFloats || (bias && bias.length !== s.Co)) throw new Error('conv2dSimd: array sizes do not match the shape');
  if (s.Co % 4 !== 0) throw new Error(`conv2dSimd: ${s.Co} output channels, not a multiple of 4`);
  const { exports, heap, helpers } = simdKernels(() => bytesFor(s), `a convolution of ${s.H}×${s.W}×${s.Ci} → ${s.Co}`);
  const wAt = 0;
  const packedAt = wAt + wFloats * 4;
  const biasAt = packedAt + wFloats * 4;
  const xAt = biasAt + s.Co * 4;
  const yAt = xAt + xFloats * 4;
  new Float32Array(heap, wAt, wFloats).set(filter);
  const biasView = new Float32Array(heap, biasAt, s.Co);
  if (bias) biasView.set(bias);
  else biasView.fill(0);
  exports.packFilter(wAt, packedAt, s.kh * s.kw, s.Ci, s.Co);
  const xImage = new Float32Array(heap, xAt, xFloats);
  const yImage = new Float32Array(heap, yAt, yFloats);
  const act = relu ? 1 : 0;
  const args = [xAt, packedAt, biasAt, yAt, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left, act];
  const own = (oy0: number, oy1: number) => exports.conv2dRows(xAt, packedAt, biasAt, yAt, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left, act, oy0, oy1);
  for (let b = 0; b < s.B; b++) {
    xImage.set(x.subarray(b * xFloats, (b + 1) * xFloats));
    runRows({ kernel: 'conv2dRows', args, rows: s.Ho }, helpers, own);
    y.set(yImage, b * yFloats);
  }
}
