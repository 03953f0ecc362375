/**
 * The stride-1 filter gradient with no per-tap copies. The input is laid out once as zero-padded
 * channel planes ([Ci] × [B, Hp, Wp], Hp = Ho + kh − 1, Wp = Wo + kw − 1) and dY once as rows of
 * the same padded grid ([B·Hp·Wp, Co], zero outside the Ho × Wo outputs). Then for tap (ky, kx)
 * the matrix [Ci, B·Hp·Wp] of shifted inputs is simply the planes read from offset ky·Wp + kx —
 * a tensor *view* into the same buffer — and dW[ky, kx] = view · dYp is one XNNPACK product
 * (multi-threaded). Positions where the shifted read crosses a row or plane edge meet a zero row
 * of dYp, so they add nothing. Shapes as in conv2dBackpropFilter.ts.
 *
 * Long reductions are cut into chunks. A product with Ci, Co ≤ 64 and B·Hp·Wp in the hundreds of
 * thousands streams both operands from memory once per 4 × 8 output tile (nothing fits in cache),
 * which made the first level's filter gradients ~3× slower than its forward convolutions. With
 * `chunk` set, the planes are re-laid out as [chunks][Ci][chunk + halo] (each chunk's rows also
 * hold the next `halo` positions, halo = the largest tap offset) and dYp as [chunks][chunk + halo]
 * rows of Co whose last `halo` rows are zero; every chunk's operands stay in cache for its nine
 * taps, and dW[tap] is the float64 sum of the chunks' [Ci, Co] products.
 */
import * as tf from '@tensorflow/tfjs';
import { heapAddress, releaseView, reshaped, runWasmKernel, view, viewAt, type WasmBackend } from './heap';

/**
 * dW into `out` ([kh, kw, Ci, Co]); `chunk` (padded positions per chunk, > halo) cuts the
 * reduction into cache-sized pieces, 0 keeps it whole.
 */
export function filterGradientPadded(backend: WasmBackend, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, out: tf.TensorInfo, chunk = 0): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: ci, outHeight: Ho, outWidth: Wo, outChannels: co, filterHeight: kh, filterWidth: kw } = info;
  const { top, left } = info.padInfo;
  const Hp = Ho + kh - 1;
  const Wp = Wo + kw - 1;
  const plane = B * Hp * Wp;
  const slack = (kh - 1) * Wp + (kw - 1);
  const channelsFirst = runWasmKernel('Transpose', backend, { x }, { perm: [3, 0, 1, 2] });
  const planes = backend.makeOutput([ci * plane + slack], 'float32');
  const dyPadded = backend.makeOutput([1, plane, co], 'float32');
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
    if (chunk > 0 && plane > chunk) {
      chunkedProducts(backend, planes, dyPadded, info, plane, slack, chunk, out);
      return;
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

/** The chunked products (see the header): `planes` [Ci][plane] + slack, `dyPadded` [plane][Co]. */
function chunkedProducts(backend: WasmBackend, planes: tf.TensorInfo, dyPadded: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, plane: number, halo: number, chunk: number, out: tf.TensorInfo): void {
  const { inChannels: ci, outChannels: co, filterHeight: kh, filterWidth: kw, outWidth: Wo } = info;
  const Wp = Wo + kw - 1;
  const rows = chunk + halo;
  const chunks = Math.ceil(plane / chunk);
  const a = backend.makeOutput([chunks * ci * rows + halo], 'float32');
  const b = backend.makeOutput([chunks * rows * co], 'float32');
  try {
    const av = view(backend, a);
    const bv = view(backend, b);
    av.fill(0);
    bv.fill(0);
    const flat = view(backend, planes);
    const g = view(backend, dyPadded);
    for (let j = 0; j < chunks; j++) {
      const start = j * chunk;
      for (let c = 0; c < ci; c++) {
        const from = c * plane + start;
        av.set(flat.subarray(from, from + Math.min(rows, plane - start)), (j * ci + c) * rows);
      }
      // Only the chunk's own positions: the halo rows stay 0, so reads past them add nothing.
      bv.set(g.subarray(start * co, Math.min(start + chunk, plane) * co), j * rows * co);
    }
    const taps = kh * kw;
    const sums = new Float64Array(taps * ci * co);
    const aBase = heapAddress(backend, a);
    const bBase = heapAddress(backend, b);
    for (let j = 0; j < chunks; j++) {
      // One operand per chunk for all its taps: XNNPACK packs it once (its operator is cached on it).
      const dyChunk = viewAt(backend, bBase + j * rows * co * 4, [1, rows, co]);
      try {
        for (let t = 0; t < taps; t++) {
          const shift = Math.floor(t / kw) * Wp + (t % kw);
          const xChunk = viewAt(backend, aBase + (j * ci * rows + shift) * 4, [1, ci, rows]);
          try {
            const product = runWasmKernel('BatchMatMul', backend, { a: xChunk, b: dyChunk }, { transposeA: false, transposeB: false });
            const p = view(backend, product);
            const at = t * ci * co;
            for (let i = 0; i < ci * co; i++) sums[at + i] += p[i];
            backend.disposeData(product.dataId);
          } finally {
            releaseView(backend, xChunk);
          }
        }
      } finally {
        releaseView(backend, dyChunk);
      }
    }
    view(backend, out).set(sums);
  } finally {
    backend.disposeData(a.dataId);
    backend.disposeData(b.dataId);
  }
}
