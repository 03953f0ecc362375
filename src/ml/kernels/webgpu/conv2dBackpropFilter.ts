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
import { adapterKind } from './adapterKind';
import { flatDispatch, FLAT_WORKGROUP, int32, int32s } from './programHelpers';

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
  workgroupSize = FLAT_WORKGROUP;
  size = true;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  outputShape: number[];
  shaderKey = 'unetStudioSumSplits';

  constructor(outputShape: number[]) {
    this.outputShape = outputShape;
    const size = outputShape.reduce((a, b) => a * b, 1);
    this.dispatchLayout = { x: outputShape.map((_, i) => i) };
    this.dispatch = flatDispatch(size);
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

/** Rows of outputs per invocation of the register-blocked variant: 4 filter rows × 4 output channels. */
const BLOCK = 4;
/** Invocations wanted from the register-blocked variant: enough for every CPU core's SIMD lanes. */
const TARGET_INVOCATIONS = 4096;

/** How to cut the batch·outHeight output rows into chunks for the register-blocked variant. */
export function planRowSplit(m: number, n: number, rows: number): SplitPlan {
  const blocks = Math.ceil(m / BLOCK) * Math.ceil(n / BLOCK);
  const wanted = Math.max(1, Math.min(Math.ceil(TARGET_INVOCATIONS / blocks), rows));
  const chunk = Math.ceil(rows / wanted);
  return { splits: Math.ceil(rows / chunk), chunk };
}

/**
 * The variant for CPU-emulated WebGPU (SwiftShader and the like), where a workgroup barrier is
 * expensive and the CPU's caches already provide the reuse that workgroup memory gives a GPU:
 * each invocation keeps a 4×4 block of dW in registers and walks its chunk of output rows, reading
 * x and dy directly (8 loads per 16 multiply-adds, against the stock kernel's 2 per 1), with no
 * index division in the inner loop.
 */
class FilterGradBlocksProgram implements WebGPUProgram {
  variableNames = ['x', 'dy'];
  uniforms =
    'pads : vec2<i32>, strides : vec2<i32>, filterWidth : i32, inChannels : i32, inHeight : i32, inWidth : i32, ' +
    'outHeight : i32, outWidth : i32, mSize : i32, nSize : i32, rows : i32, rowChunk : i32, mBlocks : i32, nBlocks : i32, invocations : i32,';
  workgroupSize = FLAT_WORKGROUP;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  outputShape: number[];
  shaderKey = 'unetStudioFilterGradBlocks_4x4';

  constructor(outputShape: number[], invocations: number) {
    this.outputShape = outputShape;
    this.dispatch = flatDispatch(invocations);
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index >= uniforms.invocations) { return; }
        let nb = index % uniforms.nBlocks;
        let rest = index / uniforms.nBlocks;
        let mb = rest % uniforms.mBlocks;
        let split = rest / uniforms.mBlocks;
        let n0 = nb * ${BLOCK};
        let m0 = mb * ${BLOCK};
        let nFull = n0 + ${BLOCK} <= uniforms.nSize;

        // The filter tap and input channel of each of the block's four rows of dW.
        var kh = vec4<i32>(0); var kw = vec4<i32>(0); var ci = vec4<i32>(0); var mValid = vec4<bool>(false);
        for (var j = 0; j < ${BLOCK}; j = j + 1) {
          let m = m0 + j;
          mValid[j] = m < uniforms.mSize;
          let mm = min(m, uniforms.mSize - 1);
          ci[j] = mm % uniforms.inChannels;
          let tap = mm / uniforms.inChannels;
          kw[j] = tap % uniforms.filterWidth;
          kh[j] = tap / uniforms.filterWidth;
        }

        var acc0 = vec4<f32>(0.0); var acc1 = vec4<f32>(0.0); var acc2 = vec4<f32>(0.0); var acc3 = vec4<f32>(0.0);
        let rBegin = split * uniforms.rowChunk;
        let rEnd = min(rBegin + uniforms.rowChunk, uniforms.rows);
        for (var r = rBegin; r < rEnd; r = r + 1) {
          let b = r / uniforms.outHeight;
          let oy = r % uniforms.outHeight;
          let iy = vec4<i32>(oy * uniforms.strides.x - uniforms.pads.x) + kh;
          let rowOk = mValid & (iy >= vec4<i32>(0)) & (iy < vec4<i32>(uniforms.inHeight));
          let xRow = (vec4<i32>(b * uniforms.inHeight) + iy) * uniforms.inWidth;
          var d = r * uniforms.outWidth * uniforms.nSize + n0;
          var ix = vec4<i32>(-uniforms.pads.y) + kw;
          for (var ox = 0; ox < uniforms.outWidth; ox = ox + 1) {
            var g = vec4<f32>(0.0);
            if (nFull) {
              g = vec4<f32>(dy[d], dy[d + 1], dy[d + 2], dy[d + 3]);
            } else {
              for (var c = 0; c < ${BLOCK}; c = c + 1) {
                if (n0 + c < uniforms.nSize) { g[c] = dy[d + c]; }
              }
            }
            let ok = rowOk & (ix >= vec4<i32>(0)) & (ix < vec4<i32>(uniforms.inWidth));
            let at = max((xRow + ix) * uniforms.inChannels + ci, vec4<i32>(0));
            acc0 = fma(vec4<f32>(select(0.0, x[at.x], ok.x)), g, acc0);
            acc1 = fma(vec4<f32>(select(0.0, x[at.y], ok.y)), g, acc1);
            acc2 = fma(vec4<f32>(select(0.0, x[at.z], ok.z)), g, acc2);
            acc3 = fma(vec4<f32>(select(0.0, x[at.w], ok.w)), g, acc3);
            d = d + uniforms.nSize;
            ix = ix + vec4<i32>(uniforms.strides.y);
          }
        }

        let base = split * uniforms.mSize * uniforms.nSize;
        let accs = array<vec4<f32>, ${BLOCK}>(acc0, acc1, acc2, acc3);
        for (var j = 0; j < ${BLOCK}; j = j + 1) {
          if (!mValid[j]) { continue; }
          for (var c = 0; c < ${BLOCK}; c = c + 1) {
            if (n0 + c < uniforms.nSize) { result[base + (m0 + j) * uniforms.nSize + n0 + c] = accs[j][c]; }
          }
        }
      }
    `;
  }
}

/**
 * The register-blocked variant when input and output channels are multiples of 4 (every layer of a
 * U-Net but the first): x and dy are read as vec4, each invocation owns 4 input channels of one
 * filter tap × `cols` output channels, and the inner loop over a row of output pixels runs only
 * over the pixels whose input is inside the image, so it has no bounds checks: 1 + cols/4 loads
 * per 4·cols multiply-adds.
 */
class FilterGradVec4Program implements WebGPUProgram {
  variableNames = ['x', 'dy'];
  variableComponents = [4, 4];
  uniforms =
    'pads : vec2<i32>, strides : vec2<i32>, filterWidth : i32, inChannels : i32, inHeight : i32, inWidth : i32, ' +
    'outHeight : i32, outWidth : i32, mSize : i32, nSize : i32, rows : i32, rowChunk : i32, mBlocks : i32, nBlocks : i32, invocations : i32,';
  workgroupSize = FLAT_WORKGROUP;
  dispatchLayout = { x: [0] };
  dispatch: [number, number, number];
  outputShape: number[];
  shaderKey: string;

  constructor(outputShape: number[], invocations: number, private readonly cols: 4 | 8) {
    this.outputShape = outputShape;
    this.dispatch = flatDispatch(invocations);
    this.shaderKey = `unetStudioFilterGradVec4_${cols}`;
  }

  getUserCode(): string {
    const groups = this.cols / 4;
    const range = Array.from({ length: groups }, (_, i) => i);
    return `
      fn main(index : i32) {
        if (index >= uniforms.invocations) { return; }
        let nb = index % uniforms.nBlocks;
        let rest = index / uniforms.nBlocks;
        let mb = rest % uniforms.mBlocks;
        let split = rest / uniforms.mBlocks;
        let m0 = mb * 4;
        let ci = m0 % uniforms.inChannels;
        let tap = m0 / uniforms.inChannels;
        let kw = tap % uniforms.filterWidth;
        let kh = tap / uniforms.filterWidth;
        let cq = uniforms.inChannels / 4;
        let nq = uniforms.nSize / 4;

        // Output columns whose input column ox·stride + kw − pad lies inside the image.
        let shift = kw - uniforms.pads.y;
        let oxBegin = max(0, (-shift + uniforms.strides.y - 1) / uniforms.strides.y);
        let lastIn = uniforms.inWidth - 1 - shift;
        let oxEnd = select(0, min(uniforms.outWidth, lastIn / uniforms.strides.y + 1), lastIn >= 0);

        ${range.map((g) => `var a${g}x = vec4<f32>(0.0); var a${g}y = vec4<f32>(0.0); var a${g}z = vec4<f32>(0.0); var a${g}w = vec4<f32>(0.0);`).join('\n        ')}
        let rBegin = split * uniforms.rowChunk;
        let rEnd = min(rBegin + uniforms.rowChunk, uniforms.rows);
        for (var r = rBegin; r < rEnd; r = r + 1) {
          let b = r / uniforms.outHeight;
          let oy = r % uniforms.outHeight;
          let iy = oy * uniforms.strides.x + kh - uniforms.pads.x;
          if (iy < 0 || iy >= uniforms.inHeight || oxBegin >= oxEnd) { continue; }
          var xi = ((b * uniforms.inHeight + iy) * uniforms.inWidth + oxBegin * uniforms.strides.y + shift) * cq + ci / 4;
          var di = (r * uniforms.outWidth + oxBegin) * nq + nb * ${groups};
          let xStep = uniforms.strides.y * cq;
          for (var ox = oxBegin; ox < oxEnd; ox = ox + 1) {
            let v = x[xi];
            ${range.map((g) => `let g${g} = dy[di + ${g}];
            a${g}x = fma(vec4<f32>(v.x), g${g}, a${g}x);
            a${g}y = fma(vec4<f32>(v.y), g${g}, a${g}y);
            a${g}z = fma(vec4<f32>(v.z), g${g}, a${g}z);
            a${g}w = fma(vec4<f32>(v.w), g${g}, a${g}w);`).join('\n            ')}
            xi = xi + xStep;
            di = di + nq;
          }
        }

        let base = split * uniforms.mSize * uniforms.nSize + m0 * uniforms.nSize + nb * ${this.cols};
        let n = uniforms.nSize;
        ${range
          .map((g) => ['x', 'y', 'z', 'w'].map((c, j) => `for (var q = 0; q < 4; q = q + 1) { result[base + ${j} * n + ${g * 4} + q] = a${g}${c}[q]; }`).join('\n        '))
          .join('\n        ')}
      }
    `;
  }
}

function main(index?: string): string {
  return index ? `fn main(${index} : i32)` : 'fn main()';
}

type Conv2DInfo = ReturnType<typeof backend_util.computeConv2DInfo>;

/** The uniforms every variant starts with: padding, strides and the convolution's sizes. */
function convUniforms(info: Conv2DInfo, ...rest: number[]) {
  return [
    int32(info.padInfo.top, info.padInfo.left),
    int32(info.strideHeight, info.strideWidth),
    ...int32s([info.filterWidth, info.inChannels, info.inHeight, info.inWidth, info.outHeight, info.outWidth, ...rest]),
  ];
}

type Run = (backend: WebGPUBackend, info: Conv2DInfo, x: TensorInfo, dy: TensorInfo, m: number, n: number) => { partials: TensorInfo; splits: number };

/** Partial products land in [splits, M, N], or straight in dW's shape when there is one split. */
const partialShape = (info: Conv2DInfo, plan: SplitPlan, m: number, n: number) => (plan.splits === 1 ? filterShapeOf(info) : [plan.splits, m, n]);

const runTiles: Run = (backend, info, x, dy, m, n) => {
  const k = info.batchSize * info.outHeight * info.outWidth;
  const plan = planSplit(m, n, k);
  const program = new FilterGradTilesProgram(partialShape(info, plan, m, n), m, n, plan.splits);
  const uniforms = convUniforms(info, m, n, k, plan.chunk, Math.ceil(plan.chunk / TILE_K));
  return { partials: backend.runWebGPUProgram(program, [x, dy], 'float32', uniforms), splits: plan.splits };
};

const runBlocks: Run = (backend, info, x, dy, m, n) => {
  const rows = info.batchSize * info.outHeight;
  const plan = planRowSplit(m, n, rows);
  const [mBlocks, nBlocks] = [Math.ceil(m / BLOCK), Math.ceil(n / BLOCK)];
  const invocations = mBlocks * nBlocks * plan.splits;
  const uniforms = convUniforms(info, m, n, rows, plan.chunk, mBlocks, nBlocks, invocations);
  return { partials: backend.runWebGPUProgram(new FilterGradBlocksProgram(partialShape(info, plan, m, n), invocations), [x, dy], 'float32', uniforms), splits: plan.splits };
};

const runVec4: Run = (backend, info, x, dy, m, n) => {
  const cols = n % 8 === 0 ? 8 : 4;
  const rows = info.batchSize * info.outHeight;
  const plan = planRowSplit(m, n, rows);
  const [mBlocks, nBlocks] = [m / 4, n / cols];
  const invocations = mBlocks * nBlocks * plan.splits;
  const uniforms = convUniforms(info, m, n, rows, plan.chunk, mBlocks, nBlocks, invocations);
  return { partials: backend.runWebGPUProgram(new FilterGradVec4Program(partialShape(info, plan, m, n), invocations, cols), [x, dy], 'float32', uniforms), splits: plan.splits };
};

function filterShapeOf(info: Conv2DInfo): number[] {
  return [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels];
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
    const vec4 = info.inChannels % 4 === 0 && n % 4 === 0;
    const run = adapterKind(webgpu) === 'gpu' ? runTiles : vec4 ? runVec4 : runBlocks;
    const { partials, splits } = run(webgpu, info, x, dy, m, n);
    if (splits === 1) return partials;
    const summed = webgpu.runWebGPUProgram(new SumSplitsProgram(filterShapeOf(info)), [partials], 'float32', [int32(splits)]);
    webgpu.disposeData(partials.dataId);
    return summed;
  };
}
