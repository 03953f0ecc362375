/**
 * Conv2DBackpropFilter for TF.js's WASM backend, which has none (tfjs#8474), so that U-Nets
 * train on any computer. Shapes: x [B, H, W, Ci], dy [B, Ho, Wo, Co] → dW [kh, kw, Ci, Co], NHWC,
 * dilation 1. Three ways, by shape:
 * - stride 1, outputs at least SIMD_MIN_OUTPUT_WIDTH wide (every layer of a U-Net at 256²): our
 *   WebAssembly SIMD kernel (simd/), which sums each output row in registers, on every thread;
 * - stride 1, narrower: one XNNPACK product per tap on zero-padded channel planes, each tap's
 *   operand a view into them (conv2dBackpropFilterPadded.ts);
 * - otherwise: for tap (ky, kx), dW[ky, kx] = X_tapᵀ · dY, where X_tap is the input shifted by the
 *   tap ([B·Ho·Wo, Ci], zeros in the padding), one XNNPACK BatchMatMul per group of taps on a buffer
 *   in the WASM heap filled with whole-row copies — no per-pixel work in JavaScript and no
 *   Slice/Concat kernels, which is where a version built from TF.js ops loses its time.
 */
import * as tf from '@tensorflow/tfjs';
import { filterGradientPadded } from './conv2dBackpropFilterPadded';
import { allocate, asWasm, heapAddress, heapMemory, reshaped, runWasmKernel, view, type WasmBackend, withScratch } from './heap';
import { filterGradientScratchBytes, filterGradientSimd, simdFilterGradientFits } from './simd/filterGradientSimd';
import { simdKernels, simdSupported } from './simd/simdKernels';

/**
 * Output width from which our SIMD kernel (simd/) is used at stride 1. It adds each row's sums to
 * float64 totals of all kh·kw·Ci·Co weights, which pays while rows are long: measured in headless
 * Chromium on every layer of the base-16 U-Net at 256² (rows of 16…256 pixels, 1…256 channels), it
 * beat the XNNPACK products on each, on one thread and on two (see README, Performance). Narrower
 * outputs with many channels keep the XNNPACK products (conv2dBackpropFilterPadded.ts).
 */
export const SIMD_MIN_OUTPUT_WIDTH = 16;

let simdEnabled = true;

/** For benchmarks (`npm run profile -- --ab-filter`): off sends every shape to the XNNPACK products. */
export function enableSimdFilterGradient(on: boolean): void {
  simdEnabled = on;
}

/** Input channels from which the copy-free stride-1 path pays (fewer: stacked taps do better). */
const PADDED_MIN_CHANNELS = 16;
/** Rows (taps × input channels) below which taps are stacked into one matrix multiply. */
const MIN_ROWS = 64;
/** Largest stacked buffer, in floats (64 MiB). */
const COLS_BUDGET = 16 * 2 ** 20;

/**
 * Fills `cols` ([Ci, B·Ho·Wo], one row per input channel) with the input seen through filter tap
 * (ky, kx), reading `planes` (the input as [Ci, B, H, W]). With stride 1 every output row is one
 * contiguous copy.
 */
function fillTap(cols: Float32Array, planes: Float32Array, info: tf.backend_util.Conv2DInfo, ky: number, kx: number): void {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, strideHeight: sh, strideWidth: sw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  // Output columns whose input column lies inside the image: ix = ox·sw + kx − left ∈ [0, W).
  const ox0 = Math.max(0, Math.ceil((left - kx) / sw));
  const ox1 = Math.max(ox0, Math.min(Wo, Math.floor((W - 1 - kx + left) / sw) + 1));
  const n = B * Ho * Wo;
  for (let c = 0; c < C; c++) {
    for (let b = 0; b < B; b++) {
      for (let oy = 0; oy < Ho; oy++) {
        const row = c * n + (b * Ho + oy) * Wo;
        const iy = oy * sh + ky - top;
        if (iy < 0 || iy >= H || ox1 === ox0) {
          cols.fill(0, row, row + Wo);
          continue;
        }
        if (ox0 > 0) cols.fill(0, row, row + ox0);
        if (ox1 < Wo) cols.fill(0, row + ox1, row + Wo);
        const src = ((c * B + b) * H + iy) * W + ox0 * sw + kx - left;
        if (sw === 1) {
          cols.set(planes.subarray(src, src + ox1 - ox0), row + ox0);
        } else {
          for (let ox = ox0; ox < ox1; ox++) cols[row + ox] = planes[src + (ox - ox0) * sw];
        }
      }
    }
  }
}

export function conv2dBackpropFilterWasm({ inputs, backend: anyBackend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = asWasm(anyBackend);
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on WASM supports NHWC only (got ${dataFormat})`);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const [kh, kw, ci, co] = filterShape;
  const shape = { B: info.batchSize, H: info.inHeight, W: info.inWidth, Ci: ci, Ho: info.outHeight, Wo: info.outWidth, Co: co, kh, kw, top: info.padInfo.top, left: info.padInfo.left };
  const useSimd = simdEnabled && simdSupported() && info.outWidth >= SIMD_MIN_OUTPUT_WIDTH && simdFilterGradientFits(info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth);
  // The kernels first: if they cannot start, nothing has been allocated yet.
  const k = useSimd ? simdKernels(heapMemory(backend)) : null;
  const out = allocate(backend, [kh, kw, ci, co], 'float32');
  if (k) {
    return withScratch(backend, out, () => filterGradientScratchBytes(shape, k.helpers), (scratchAt) =>
      filterGradientSimd(k, { x: heapAddress(backend, x), dy: heapAddress(backend, dy), out: heapAddress(backend, out), scratch: scratchAt }, shape),
    );
  }
  try {
    // Stride 1 with enough channels for XNNPACK to use: no per-tap copies (conv2dBackpropFilterPadded.ts).
    if (info.strideHeight === 1 && info.strideWidth === 1 && ci >= PADDED_MIN_CHANNELS) filterGradientPadded(backend, x, dy, info, out);
    else filterGradientStacked(backend, x, dy, info, out);
  } catch (e) {
    backend.disposeData(out.dataId); // a failed call leaves nothing behind in the heap
    throw e;
  }
  return out;
}

/** dW into `out` as XNNPACK products over taps stacked from whole-row copies (any stride). */
function filterGradientStacked(backend: WasmBackend, x: tf.TensorInfo, dy: tf.TensorInfo, info: tf.backend_util.Conv2DInfo, out: tf.TensorInfo): void {
  const [kh, kw, ci, co] = [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels];
  const n = info.batchSize * info.outHeight * info.outWidth;
  // The input as channel planes ([Ci, B, H, W]), so each tap's rows are contiguous; the backend's
  // own Transpose does it natively. Products are [Ci, N]·[N, Co] with no transposed operand: the
  // WASM backend's BatchMatMul is 8–15× slower when asked to transpose.
  const planes = runWasmKernel('Transpose', backend, { x }, { perm: [3, 0, 1, 2] });
  // Taps are stacked into one product while the rows stay few (a product with Ci = 1 rows is a
  // matrix-vector product, far below XNNPACK's speed) and the buffer stays under COLS_BUDGET.
  const taps = kh * kw;
  const group = Math.max(1, Math.min(taps, Math.ceil(MIN_ROWS / ci), Math.floor(COLS_BUDGET / (ci * n))));
  const dy3 = reshaped(dy, [1, n, co]);
  try {
    for (let first = 0; first < taps; first += group) {
      const count = Math.min(group, taps - first);
      const cols = allocate(backend, [1, count * ci, n], 'float32');
      try {
        for (let t = 0; t < count; t++) {
          const tap = first + t;
          fillTap(view(backend, cols).subarray(t * ci * n, (t + 1) * ci * n), view(backend, planes), info, Math.floor(tap / kw), tap % kw);
        }
        // Rows are (tap, ci), so the product [count·Ci, Co] is dW's slice for these taps as it lies.
        const product = runWasmKernel('BatchMatMul', backend, { a: cols, b: dy3 }, { transposeA: false, transposeB: false });
        view(backend, out).set(view(backend, product), first * ci * co);
        backend.disposeData(product.dataId);
      } finally {
        backend.disposeData(cols.dataId);
      }
    }
  } finally {
    backend.disposeData(planes.dataId);
  }
}
