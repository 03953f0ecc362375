/**
 * The stride-1 filter gradient with no per-tap copies. The input is laid out once as zero-padded
 * channel planes ([Ci] × [B, Hp, Wp], Hp = Ho + kh − 1, Wp = Wo + kw − 1) and dY once as rows of
 * the same padded grid ([B·Hp·Wp, Co], zero outside the Ho × Wo outputs). Then for tap (ky, kx)
 * the matrix [Ci, B·Hp·Wp] of shifted inputs is simply the planes read from offset ky·Wp + kx —
 * a tensor *view* into the same buffer — and dW[ky, kx] = view · dYp is one XNNPACK product
 * (multi-threaded). Positions where the shifted read crosses a row or plane edge meet a zero row
 * of dYp, so they add nothing. Shapes as in conv2dBackpropFilter.ts.
 *
 * Used for narrow outputs (below conv2dBackpropFilter.ts's SIMD_MIN_OUTPUT_WIDTH), where our SIMD
 * kernel would add its row sums to all kh·kw·Ci·Co totals for only a few pixels. Wider outputs go
 * to simd/: there these products, whose reduction runs over B·Hp·Wp positions, stream both operands
 * from memory once per output tile.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, heapAddress, releaseView, reshaped, runWasmKernel, view, viewAt, type WasmBackend } from './heap';

/** dW into `out` ([kh, kw, Ci, Co]). */
export function filterGradientPadded(backend: WasmBackend, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, out: tf.TensorInfo): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: ci, outHeight: Ho, outWidth: Wo, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  const Hp = Ho + kh - 1;
  const Wp = Wo + kw - 1;
  const plane = B * Hp * Wp;
  const slack = (kh - 1) * Wp + (kw - 1);
  const channelsFirst = runWasmKernel('Transpose', backend, { x }, { perm: [3, 0, 1, 2] });
  const planes = allocate(backend, [ci * plane + slack], 'float32');
  const dyPadded = allocate(backend, [1, plane, co], 'float32');
  try {
    // Input rows into their padded planes (rows of the padding that fall outside Hp×Wp are cut).
    const dst = view(backend, planes);
    dst.fill(0);
    const src = view(backend, channelsFirst);
    const x0 = Math.max(0, -left);
    const x1 = Math.min(W, Wp - left);
    for (let c = 0; c < ci; c++) {
      for (let b = 0; b < B; b++) {
        for (let y = 0; y < H; y++) {
          const py = y + top;
          if (py < 0 || py >= Hp || x1 <= x0) continue;
          const from = ((c * B + b) * H + y) * W;
          dst.set(src.subarray(from + x0, from + x1), c * plane + (b * Hp + py) * Wp + left + x0);
        }
      }
    }
    const g = view(backend, dyPadded);
    g.fill(0);
    const d = view(backend, dy);
    for (let b = 0; b < B; b++) {
      for (let y = 0; y < Ho; y++) {
        const from = (b * Ho + y) * Wo * co;
        g.set(d.subarray(from, from + Wo * co), (b * Hp + y) * Wp * co);
      }
    }
    const base = heapAddress(backend, planes);
    for (let ky = 0; ky < kh; ky++) {
      for (let kx = 0; kx < kw; kx++) {
        const shifted = viewAt(backend, base + (ky * Wp + kx) * 4, [1, ci, plane]);
        try {
          const product = runWasmKernel('BatchMatMul', backend, { a: shifted, b: reshaped(dyPadded, [1, plane, co]) }, { transposeA: false, transposeB: false });
          view(backend, out).set(view(backend, product), (ky * kw + kx) * ci * co);
          backend.disposeData(product.dataId);
        } finally {
          releaseView(backend, shifted);
        }
      }
    }
  } finally {
    backend.disposeData(channelsFirst.dataId);
    backend.disposeData(planes.dataId);
    backend.disposeData(dyPadded.dataId);
  }
}
