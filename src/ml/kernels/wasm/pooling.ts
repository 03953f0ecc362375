/**
 * MaxPoolGrad for TF.js's WASM backend as one pass in the WASM heap. The stock kernel (a scalar
 * C++ loop over every input pixel and window) was ~4 % of a U-Net training step. For every output
 * pixel the gradient goes to the first largest input of its window in row-major order (the rule
 * of TF.js's CPU kernel, which matters after a ReLU, where whole windows are 0), channels
 * innermost so that reads are contiguous. Shapes: input [B, H, W, C], dy [B, Ho, Wo, C] → dx
 * [B, H, W, C]. Dilated pools go to the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, asWasm, view } from './heap';

/**
 * The U-Net's case: 2×2 windows, stride 2, tiling the input exactly. Every input pixel belongs
 * to one window, so dx is written once (the window's first largest input gets dy, the others 0):
 * no fill, no accumulation. `rows` = B·Ho.
 */
function pool2x2Grad(x: Float32Array, g: Float32Array, out: Float32Array, rows: number, Wo: number, C: number): void {
  const rowIn = 2 * Wo * C;
  for (let r = 0; r < rows; r++) {
    for (let ox = 0; ox < Wo; ox++) {
      const a0 = 2 * r * rowIn + 2 * ox * C;
      const o0 = (r * Wo + ox) * C;
      for (let c = 0; c < C; c++) {
        const a = a0 + c;
        const b = a + C;
        const d = a + rowIn;
        const e = d + C;
        const va = x[a];
        const vb = x[b];
        const vd = x[d];
        const ve = x[e];
        // First largest in row-major order: a, b, then the next row's d, e (strict >, as TF.js's CPU).
        // A window of NaNs (or all −∞) has no largest input: TF.js's CPU kernel gives it no gradient.
        let at = -1;
        let best = -Infinity;
        if (va > best) {
          at = a;
          best = va;
        }
        if (vb > best) {
          at = b;
          best = vb;
        }
        if (vd > best) {
          at = d;
          best = vd;
        }
        if (ve > best) at = e;
        out[a] = 0;
        out[b] = 0;
        out[d] = 0;
        out[e] = 0;
        if (at >= 0) out[at] = g[o0 + c];
      }
    }
  }
}

export function makeMaxPoolGradWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as tf.MaxPoolGradAttrs;
    const info = tf.backend_util.computePool2DInfo(input.shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
    if (input.dtype !== 'float32' || info.dilationHeight !== 1 || info.dilationWidth !== 1) return stock(args);
    const backend = asWasm(args.backend);
    const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
    const { top, left } = info.padInfo;
    const dx = allocate(backend, input.shape, 'float32');
    const out = view(backend, dx);
    const x = view(backend, input);
    const g = view(backend, dy);
    if (fh === 2 && fw === 2 && sh === 2 && sw === 2 && top === 0 && left === 0 && H === 2 * Ho && W === 2 * Wo) {
      pool2x2Grad(x, g, out, B * Ho, Wo, C);
      return dx;
    }
    out.fill(0);
    const best = new Float32Array(C);
    const at = new Int32Array(C);
    for (let b = 0; b < B; b++) {
      for (let oy = 0; oy < Ho; oy++) {
        const y0 = Math.max(0, oy * sh - top);
        const y1 = Math.min(H, oy * sh - top + fh);
        for (let ox = 0; ox < Wo; ox++) {
          const x0 = Math.max(0, ox * sw - left);
          const x1 = Math.min(W, ox * sw - left + fw);
          best.fill(-Infinity);
          at.fill(-1);
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const base = ((b * H + iy) * W + ix) * C;
              for (let c = 0; c < C; c++) {
                const v = x[base + c];
                if (v > best[c]) {
                  best[c] = v;
                  at[c] = base + c;
                }
              }
            }
          }
          const o = ((b * Ho + oy) * Wo + ox) * C;
          for (let c = 0; c < C; c++) if (at[c] >= 0) out[at[c]] += g[o + c];
        }
      }
    }
    return dx;
  };
}
