/**
 * Our WebAssembly SIMD convolution (assembly/conv2d.ts) on tensors where they lie in the heap
 * (simdKernels.ts): stride 1, dilation 1, NHWC, any zero padding, a bias and an optional ReLU. The
 * filter is packed once per call into blocks of 8 output channels (in a scratch buffer); each
 * image's output rows are split over the threads, each writing its own rows in place.
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

/**
 * Whether the SIMD convolution computes this shape: output channels a multiple of 4 (the kernel's
 * narrowest tile; a 1-channel head goes elsewhere).
 */
export function conv2dSimdFits(s: ConvShape): boolean {
  return s.Co % 4 === 0 && s.Co > 0;
}

/** Scratch one call needs, in bytes: the packed filter and a zero bias. */
export function conv2dScratchBytes(s: ConvShape): number {
  return (s.kh * s.kw * s.Ci * s.Co + s.Co) * 4;
}

/**
 * y[b, oy, ox, co] = act(bias[co] + Σ_{ky, kx, ci} x[b, oy + ky − top, ox + kx − left, ci] ·
 * filter[ky, kx, ci, co]) with zeros outside the image; act is max(0, ·) when `relu`, else none.
 * `y` is written whole and must not overlap x. Throws if Co is not a multiple of 4.
 */
export function conv2dSimd(k: SimdKernels, at: Conv2DAt, s: ConvShape, relu: boolean): void {
  if (!conv2dSimdFits(s)) throw new Error(`conv2dSimd: ${s.Co} output channels, not a multiple of 4`);
  const taps = s.kh * s.kw;
  const packed = at.scratch;
  let bias = at.bias;
  if (bias === null) {
    bias = packed + taps * s.Ci * s.Co * 4;
    new Float32Array(k.memory.buffer, bias, s.Co).fill(0);
  }
  k.exports.packFilter(at.filter, packed, taps, s.Ci, s.Co);
  const xBytes = s.H * s.W * s.Ci * 4;
  const yBytes = s.Ho * s.Wo * s.Co * 4;
  const act = relu ? 1 : 0;
  for (let b = 0; b < s.B; b++) {
    const x = at.x + b * xBytes;
    const y = at.y + b * yBytes;
    const args = [x, packed, bias, y, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left, act];
    const biasAt = bias;
    k.run({ kernel: 'conv2dRows', args, rows: s.Ho }, k.helpers, (oy0, oy1) =>
      k.exports.conv2dRows(x, packed, biasAt, y, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left, act, oy0, oy1),
    );
  }
}
