/**
 * The gradient of nearest-neighbour resizing by whole factors (UpSampling2D) for TF.js's WASM
 * backend, as sums in the WASM heap. With an output k times the input along an axis, output
 * row/column d reads input ⌊d/k⌋ — with or without half-pixel centres, since ⌊(d + ½)/k⌋ = ⌊d/k⌋ —
 * so dx is the sum of each k × k block of dY. The stock kernel was ~3 % of a U-Net training step
 * (6–14× slower than this, measured on the first level's shape). Other factors and alignCorners go
 * to the stock kernel. (The forward resize stays stock: a JavaScript copy was no faster.)
 * Shapes: images [B, H, W, C], dy [B, kH·H, kW·W, C] → dx [B, H, W, C]. float32.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, asWasm, view } from './heap';

/** Whole factors [kh, kw] from `small` to `large` ([B, H, W, C] each), or null. */
function factors(small: readonly number[], large: readonly number[], alignCorners: boolean): [number, number] | null {
  if (alignCorners || small[1] === 0 || small[2] === 0) return null;
  const kh = large[1] / small[1];
  const kw = large[2] / small[2];
  return Number.isInteger(kh) && Number.isInteger(kw) && kh >= 1 && kw >= 1 ? [kh, kw] : null;
}

export function makeResizeNearestGradWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { images, dy } = args.inputs as { images: tf.TensorInfo; dy: tf.TensorInfo };
    const { alignCorners } = args.attrs as unknown as tf.ResizeNearestNeighborGradAttrs;
    const k = factors(images.shape, dy.shape, alignCorners);
    if (!k || dy.dtype !== 'float32') return stock(args);
    const [kh, kw] = k;
    const [B, H, W, C] = images.shape;
    const backend = asWasm(args.backend);
    const dx = allocate(backend, images.shape, 'float32');
    const out = view(backend, dx);
    const g = view(backend, dy);
    const Wd = W * kw;
    if (kh === 2 && kw === 2) {
      // UpSampling2D's case: each dx value is the sum of its 2 × 2 block, written once.
      const rowOut = Wd * C;
      for (let r = 0; r < B * H; r++) {
        for (let x = 0; x < W; x++) {
          const s0 = 2 * r * rowOut + 2 * x * C;
          const d0 = (r * W + x) * C;
          for (let c = 0; c < C; c++) {
            const s = s0 + c;
            out[d0 + c] = g[s] + g[s + C] + (g[s + rowOut] + g[s + rowOut + C]);
          }
        }
      }
      return dx;
    }
    out.fill(0);
    for (let b = 0; b < B; b++) {
      for (let y = 0; y < H * kh; y++) {
        const dstRow = (b * H + Math.floor(y / kh)) * W * C;
        const srcRow = (b * H * kh + y) * Wd * C;
        for (let x = 0; x < Wd; x++) {
          const d = dstRow + Math.floor(x / kw) * C;
          const s = srcRow + x * C;
          for (let c = 0; c < C; c++) out[d + c] += g[s + c];
        }
      }
    }
    return dx;
  };
}
