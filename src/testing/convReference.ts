/**
 * Float64 references for convolution gradients, straight from the definitions, and the shapes every
 * backend's kernels are checked on (odd sizes, strides 1 and 2, same/valid/explicit padding, 1×1 to
 * 3×3 filters, 1 to 512 channels). Shared by the WebGPU and WASM kernel tests.
 */
import * as tf from '@tensorflow/tfjs';

export type Pad = 'same' | 'valid' | number;
export interface ConvCase {
  readonly x: [number, number, number, number];
  readonly filter: [number, number]; // height, width
  readonly outChannels: number;
  readonly stride: number;
  readonly pad: Pad;
}

export const CONV_CASES: ConvCase[] = [
  { x: [1, 7, 9, 1], filter: [3, 3], outChannels: 5, stride: 1, pad: 'same' },
  { x: [2, 13, 11, 3], filter: [3, 3], outChannels: 8, stride: 2, pad: 'same' },
  { x: [3, 10, 10, 4], filter: [2, 2], outChannels: 6, stride: 2, pad: 'valid' },
  { x: [2, 9, 9, 7], filter: [1, 1], outChannels: 1, stride: 1, pad: 'valid' },
  { x: [1, 33, 35, 2], filter: [3, 3], outChannels: 33, stride: 2, pad: 'valid' },
  { x: [2, 15, 17, 5], filter: [3, 3], outChannels: 3, stride: 1, pad: 1 },
  { x: [4, 64, 64, 16], filter: [3, 3], outChannels: 16, stride: 1, pad: 'same' }, // long K: split into chunks
  { x: [1, 5, 4, 512], filter: [3, 3], outChannels: 512, stride: 1, pad: 'same' }, // wide channels, short K
  { x: [2, 16, 16, 64], filter: [2, 2], outChannels: 32, stride: 2, pad: 'valid' },
  { x: [2, 11, 13, 8], filter: [3, 3], outChannels: 12, stride: 2, pad: 'same' }, // vec4, 4 columns per invocation
  { x: [1, 6, 7, 4], filter: [3, 3], outChannels: 4, stride: 1, pad: 2 }, // padding wider than the kernel's reach
  { x: [2, 8, 10, 3], filter: [2, 2], outChannels: 5, stride: 1, pad: 'same' }, // even filter: asymmetric 'same' padding
];

/**
 * Stride-1 shapes for our SIMD kernels (which take stride 1 only): 1×1, 2×2, 3×3 and 5×3 filters;
 * same, valid and wider padding; 1…33 input and 4…36 output channels (tiles of 16, 8 and 4 taken).
 */
export const STRIDE1_CASES: ConvCase[] = [
  { x: [1, 7, 9, 1], filter: [3, 3], outChannels: 4, stride: 1, pad: 'same' },
  { x: [2, 9, 7, 5], filter: [3, 3], outChannels: 12, stride: 1, pad: 'same' },
  { x: [2, 7, 9, 6], filter: [3, 3], outChannels: 32, stride: 1, pad: 'valid' },
  { x: [1, 6, 5, 3], filter: [2, 2], outChannels: 20, stride: 1, pad: 'same' },
  { x: [3, 5, 6, 33], filter: [1, 1], outChannels: 16, stride: 1, pad: 'valid' },
  { x: [1, 6, 7, 4], filter: [3, 3], outChannels: 4, stride: 1, pad: 2 },
  { x: [2, 8, 11, 16], filter: [5, 3], outChannels: 36, stride: 1, pad: 'same' },
];

export function convInfo(c: ConvCase): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(c.x, [...c.filter, c.x[3], c.outChannels], c.stride, 1, c.pad);
}

/** Calls f(fy, fx, iy, ix, oy, ox, b) for every filter tap that lands inside the input. */
function eachTap(c: ConvCase, f: (b: number, oy: number, ox: number, fy: number, fx: number, iy: number, ix: number) => void): void {
  const [kh, kw] = c.filter;
  const info = convInfo(c);
  const [batch, inH, inW] = c.x;
  for (let b = 0; b < batch; b++) {
    for (let oy = 0; oy < info.outHeight; oy++) {
      for (let ox = 0; ox < info.outWidth; ox++) {
        for (let fy = 0; fy < kh; fy++) {
          const iy = oy * c.stride + fy - info.padInfo.top;
          if (iy < 0 || iy >= inH) continue;
          for (let fx = 0; fx < kw; fx++) {
            const ix = ox * c.stride + fx - info.padInfo.left;
            if (ix >= 0 && ix < inW) f(b, oy, ox, fy, fx, iy, ix);
          }
        }
      }
    }
  }
}

/** dW [kh, kw, Ci, Co] in float64 from x [B, H, W, Ci] and dy [B, Ho, Wo, Co]. */
export function filterGradReference(c: ConvCase, x: Float32Array, dy: Float32Array): Float64Array {
  const [, kw] = c.filter;
  const { outHeight: outH, outWidth: outW } = convInfo(c);
  const [, inH, inW, inC] = c.x;
  const co = c.outChannels;
  const out = new Float64Array(c.filter[0] * kw * inC * co);
  eachTap(c, (b, oy, ox, fy, fx, iy, ix) => {
    const dyBase = ((b * outH + oy) * outW + ox) * co;
    const xBase = ((b * inH + iy) * inW + ix) * inC;
    for (let ci = 0; ci < inC; ci++) {
      const wBase = ((fy * kw + fx) * inC + ci) * co;
      for (let o = 0; o < co; o++) out[wBase + o] += x[xBase + ci] * dy[dyBase + o];
    }
  });
  return out;
}

/** dx [B, H, W, Ci] in float64 from dy [B, Ho, Wo, Co] and the filter [kh, kw, Ci, Co]. */
export function inputGradReference(c: ConvCase, dy: Float32Array, w: Float32Array): Float64Array {
  const [, kw] = c.filter;
  const { outHeight: outH, outWidth: outW } = convInfo(c);
  const [batch, inH, inW, inC] = c.x;
  const co = c.outChannels;
  const out = new Float64Array(batch * inH * inW * inC);
  eachTap(c, (b, oy, ox, fy, fx, iy, ix) => {
    const dyBase = ((b * outH + oy) * outW + ox) * co;
    const xBase = ((b * inH + iy) * inW + ix) * inC;
    for (let ci = 0; ci < inC; ci++) {
      const wBase = ((fy * kw + fx) * inC + ci) * co;
      let sum = 0;
      for (let o = 0; o < co; o++) sum += w[wBase + o] * dy[dyBase + o];
      out[xBase + ci] += sum;
    }
  });
  return out;
}

/** y [B, Ho, Wo, Co] in float64 from x [B, H, W, Ci], the filter [kh, kw, Ci, Co] and a bias [Co] (the forward convolution, no activation). */
export function convReference(c: ConvCase, x: Float32Array, w: Float32Array, bias: Float32Array | null): Float64Array {
  const [, kw] = c.filter;
  const { outHeight: outH, outWidth: outW } = convInfo(c);
  const [batch, inH, inW, inC] = c.x;
  const co = c.outChannels;
  const out = new Float64Array(batch * outH * outW * co);
  if (bias) for (let p = 0; p < out.length; p += co) for (let o = 0; o < co; o++) out[p + o] = bias[o];
  eachTap(c, (b, oy, ox, fy, fx, iy, ix) => {
    const yBase = ((b * outH + oy) * outW + ox) * co;
    const xBase = ((b * inH + iy) * inW + ix) * inC;
    for (let ci = 0; ci < inC; ci++) {
      const wBase = ((fy * kw + fx) * inC + ci) * co;
      for (let o = 0; o < co; o++) out[yBase + o] += x[xBase + ci] * w[wBase + o];
    }
  });
  return out;
}
