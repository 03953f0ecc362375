/**
 * Our WebGPU `Conv2DBackpropFilter` (the weight gradient of every convolution), registered in place
 * of TF.js 4.22's, which runs one thread per filter element looping over batch × height × width
 * and took 80–97 % of a U-Net training step on an H100.
 *
 * Here dW = im2col(x)ᵀ · dy is a tiled matrix multiply: M = kh·kw·inChannels rows (the filter
 * laid out as Keras stores it), N = outChannels columns, and the long reduction K = batch·outH·outW.
 * Each workgroup computes a 32×32 tile of dW from 16-deep slices of im2col(x) and dy staged in
 * workgroup memory (im2col is never materialised: the loader gathers from x, with zero padding).
 * Shallow, wide layers (a 3×3×16×16 filter over 256×256×4 pixels is only one tile) split K into
 * chunks so the GPU has enough workgroups; a second pass sums the chunks in a fixed order.
 */
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';

const TILE = 32;
const TILE_K = 16;
const THREADS = 16; // per side: 16×16 threads, each owning 2×2 outputs of the 32×32 tile
/** Enough workgroups to fill a large GPU; splitting further only adds partial sums to add up. */
const TARGET_WORKGROUPS = 512;
/** A chunk shorter than this spends more on its partial sum than on multiply-adds. */
const MIN_CHUNK = 256;

export interface SplitPlan {
  readonly splits: number;
  readonly chunk: number;
}

/** How to cut the reduction (K) so that rows × columns × splits workgroups keep the GPU busy. */
export function planSplit(m: number, n: number, k: number): SplitPlan {
  const tiles = Math.ceil(m / TILE) * Math.ceil(n / TILE);
  const wanted = Math.min(Math.ceil(TARGET_WORKGROUPS / tiles), Math.floor(k / MIN_CHUNK));
  if (wanted <= 1) return { splits: 1, chunk: k };
  const chunk = Math.ceil(k / wanted / TILE_K) * TILE_K;
  return { splits: Math.ceil(k / chunk), chunk };
}

/** Partial dW over one chunk of K per workgroup z; writes [splits, M, N] (or dW itself when splits = 1). */
class FilterGradTilesProgram implements WebGPUProgram {
  variableNames = ['x', 'dy'];
  uniforms =
    'pads : vec2<i32>, strides : vec2<i32>, filterWidth : i32, inChannels : i32, inHeight : i32, inWidth : i32, ' +
    'outHeight : i32, outWidth : i32, mSize : i32, nSize : i32, kSize : i32, kChunk : i32, kSteps : i32,';
  workgroupSize: [number, number, number] = [THREADS, THREADS, 1];
  dispatchLayout = { x: [0], y: [1], z: [2] };
  dispatch: [number, number, number];
  outputShape: number[];
  shaderKey = `unetStudioFilterGrad_${TILE}x${TILE}x${TILE_K}`;

  constructor(outputShape: number[], m: number, n: number, splits: number) {
    this.outputShape = outputShape;
    this.dispatch = [Math.ceil(n / TILE), Math.ceil(m / TILE), splits];
  }

  getUserCode(): string {
    const tileSize = TILE * TILE_K;
    return `
      var<workgroup> tileX : array<f32, ${tileSize}>;  // [k][m]: im2col(x) slice
      var<workgroup> tileDy : array<f32, ${tileSize}>; // [k][n]: dy slice

      // im2col(x)[k][m] without building it: m = (kh·kw_size + kw)·inChannels + ci, k = (b·outH + oy)·outW + ox.
      fn readX(m : i32, k : i32, kEnd : i32) -> f32 {
        if (m >= uniforms.mSize || k >= kEnd) { return 0.0; }
        let ci = m % uniforms.inChannels;
        let tap = m / uniforms.inChannels;
        let kw = tap % uniforms.filterWidth;
        let kh = tap / uniforms.filterWidth;
        let ox = k % uniforms.outWidth;
        let row = k / uniforms.outWidth;
        let oy = row % uniforms.outHeight;
        let b = row / uniforms.outHeight;
        let iy = oy * uniforms.strides.x + kh - uniforms.pads.x;
        let ix = ox * uniforms.strides.y + kw - uniforms.pads.y;
        if (iy < 0 || iy >= uniforms.inHeight || ix < 0 || ix >= uniforms.inWidth) { return 0.0; }
        return x[((b * uniforms.inHeight + iy) * uniforms.inWidth + ix) * uniforms.inChannels + ci];
      }

      // dy is [batch, outH, outW, outChannels]: row k of the [K, N] matrix is contiguous.
      fn readDy(k : i32, n : i32, kEnd : i32) -> f32 {
        if (n >= uniforms.nSize || k >= kEnd) { return 0.0; }
        return dy[k * uniforms.nSize + n];
      }

      ${main()} {
        let tx = i32(localId.x);
        let ty = i32(localId.y);
        let flat = ty * ${THREADS} + tx;
        let n0 = i32(workgroupId.x) * ${TILE};
        let m0 = i32(workgroupId.y) * ${TILE};
        let split = i32(workgroupId.z);
        let kBegin = split * uniforms.kChunk;
        let kEnd = min(kBegin + uniforms.kChunk, uniforms.kSize);

        var acc00 = 0.0; var acc01 = 0.0; var acc10 = 0.0; var acc11 = 0.0;
        // The loop count comes from a uniform, not from workgroupId, so the barriers inside stay in
        // uniform control flow as WGSL requires.
        for (var step = 0; step < uniforms.kSteps; step = step + 1) {
          let k0 = kBegin + step * ${TILE_K};
          for (var r = 0; r < ${tileSize / (THREADS * THREADS)}; r = r + 1) {
            let e = flat + r * ${THREADS * THREADS};
            let col = e % ${TILE};
            let kk = e / ${TILE};
            tileX[e] = readX(m0 + col, k0 + kk, kEnd);
            tileDy[e] = readDy(k0 + kk, n0 + col, kEnd);
          }
          workgroupBarrier();
          for (var kk = 0; kk < ${TILE_K}; kk = kk + 1) {
            let a0 = tileX[kk * ${TILE} + ty];
            let a1 = tileX[kk * ${TILE} + ty + ${THREADS}];
            let b0 = tileDy[kk * ${TILE} + tx];
            let b1 = tileDy[kk * ${TILE} + tx + ${THREADS}];
            acc00 = fma(a0, b0, acc00);
            acc01 = fma(a0, b1, acc01);
            acc10 = fma(a1, b0, acc10);
            acc11 = fma(a1, b1, acc11);
          }
          workgroupBarrier();
        }

        let base = split * uniforms.mSize * uniforms.nSize;
        let ma = m0 + ty;
        let mb = ma + ${THREADS};
        let na = n0 + tx;
        let nb = na + ${THREADS};
        if (ma < uniforms.mSize && na < uniforms.nSize) { result[base + ma * uniforms.nSize + na] = acc00; }
        if (ma < uniforms.mSize && nb < uniforms.nSize) { result[base + ma * uniforms.nSize + nb] = acc01; }
        if (mb < uniforms.mSize && na < uniforms.nSize) { result[base + mb * uniforms.nSize + na] = acc10; }
        if (mb < uniforms.mSize && nb < uniforms.nSize) { result[base + mb * uniforms.nSize + nb] = acc11; }
      }
    `;
  }
}

/** dW = the sum over splits of the partial products, added in split order (deterministic). */
class SumSplitsProgram implements WebGPUProgram {
  variableNames = ['partials'];
  uniforms = 'splits : i32,';
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  outputShape: number[];
  shaderKey = 'unetStudioSumSplits';

  constructor(outputShape: number[]) {
    this.outputShape = outputShape;
    const size = outputShape.reduce((a, b) => a * b, 1);
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = [Math.ceil(size / 64), 1, 1];
  }

  getUserCode(): string {
    return `
      ${main('index')} {
        if (index < uniforms.size) {
          var total = 0.0;
          for (var s = 0; s < uniforms.splits; s = s + 1) {
            total = total + partials[s * uniforms.size + index];
          }
          result[index] = total;
        }
      }
    `;
  }
}

function main(index?: string): string {
  return index ? `fn main(${index} : i32)` : 'fn main()';
}

type FilterGradArgs = Parameters<KernelFunc>[0] & {
  attrs: { strides: [number, number] | number; pad: 'valid' | 'same' | number | backend_util.ExplicitPadding; dataFormat: 'NHWC' | 'NCHW'; dimRoundingMode?: 'floor' | 'round' | 'ceil'; filterShape: [number, number, number, number] };
};

/**
 * The kernel function; `fallback` (the stock kernel) handles what it does not: channels-first data,
 * which Keras models in TF.js never use.
 */
export function makeConv2DBackpropFilter(fallback: KernelFunc): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as FilterGradArgs;
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const webgpu = backend as unknown as WebGPUBackend;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
      backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    if (info.dataFormat !== 'channelsLast' || x.dtype !== 'float32') return fallback(args);

    const m = info.filterHeight * info.filterWidth * info.inChannels;
    const n = info.outChannels;
    const k = info.batchSize * info.outHeight * info.outWidth;
    const filterShape = [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels];
    const plan = planSplit(m, n, k);
    const tiles = new FilterGradTilesProgram(plan.splits === 1 ? filterShape : [plan.splits, m, n], m, n, plan.splits);
    const uniforms = [
      { type: 'int32', data: [info.padInfo.top, info.padInfo.left] },
      { type: 'int32', data: [info.strideHeight, info.strideWidth] },
      ...[info.filterWidth, info.inChannels, info.inHeight, info.inWidth, info.outHeight, info.outWidth, m, n, k, plan.chunk, Math.ceil(plan.chunk / TILE_K)].map((v) => ({ type: 'int32', data: [v] })),
    ];
    const partials = webgpu.runWebGPUProgram(tiles, [x, dy], 'float32', uniforms);
    if (plan.splits === 1) return partials;
    const summed = webgpu.runWebGPUProgram(new SumSplitsProgram(filterShape), [partials], 'float32', [{ type: 'int32', data: [plan.splits] }]);
    webgpu.disposeData(partials.dataId);
    return summed;
  };
}
