/**
 * Forward `Conv2D` and `FusedConv2D` (bias, ReLU/sigmoid) for CPU-emulated WebGPU adapters (SwiftShader and the like), the next
 * bottleneck of a training step there once the filter gradient is fast: TF.js's shader is a
 * workgroup-memory tiled matrix multiply whose barriers cost more on a CPU than the reuse they
 * buy. Here each invocation computes 4 neighbouring output pixels × 4 output channels in
 * registers, reading x and the filter as vec4 (16 vec4 multiply-adds per 8 loads), with no
 * barrier. Used only where the adapter is software and channels are multiples of 4; everything
 * else (and every real GPU) runs the stock kernel.
 */
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { flatDispatch, FLAT_WORKGROUP, int32, int32s } from './programHelpers';

const PIXELS = 4;

/** What FusedConv2D adds after the convolution; plain Conv2D has neither. */
export interface Epilogue {
  readonly bias: boolean;
  readonly activation: 'linear' | 'relu' | 'sigmoid';
}

const ACTIVATION = { linear: 'v', relu: 'max(v, vec4<f32>(0.0))', sigmoid: '1.0 / (1.0 + exp(-v))' } as const;

class Conv2DBlocksProgram implements WebGPUProgram {
  variableNames: string[];
  variableComponents: number[];
  uniforms =
    'pads : vec2<i32>, strides : vec2<i32>, dilations : vec2<i32>, filterSize : vec2<i32>, inChannels : i32, inHeight : i32, inWidth : i32, ' +
    'outHeight : i32, outWidth : i32, outChannels : i32, xBlocks : i32, cBlocks : i32, invocations : i32,';
  workgroupSize = FLAT_WORKGROUP;
  dispatchLayout = { x: [0, 1, 2, 3] };
  dispatch: [number, number, number];
  outputShape: number[];
  shaderKey: string;

  constructor(outputShape: number[], invocations: number, private readonly epilogue: Epilogue) {
    this.outputShape = outputShape;
    this.dispatch = flatDispatch(invocations);
    this.variableNames = epilogue.bias ? ['x', 'W', 'bias'] : ['x', 'W'];
    this.variableComponents = epilogue.bias ? [4, 4, 4] : [4, 4];
    this.shaderKey = `unetStudioConv2DBlocks_4x4_${epilogue.bias}_${epilogue.activation}`;
  }

  getUserCode(): string {
    const pixels = Array.from({ length: PIXELS }, (_, p) => p);
    return `
      fn finish(acc : vec4<f32>, cb : i32) -> vec4<f32> {
        let v = acc${this.epilogue.bias ? ' + bias[cb]' : ''};
        return ${ACTIVATION[this.epilogue.activation]};
      }

      fn main(index : i32) {
        if (index >= uniforms.invocations) { return; }
        let cb = index % uniforms.cBlocks;
        let rest = index / uniforms.cBlocks;
        let xb = rest % uniforms.xBlocks;
        let row = rest / uniforms.xBlocks;
        let oy = row % uniforms.outHeight;
        let b = row / uniforms.outHeight;
        let ox0 = xb * ${PIXELS};
        let cq = uniforms.inChannels / 4;
        let nq = uniforms.outChannels / 4;
        ${pixels.map((p) => `var acc${p} = vec4<f32>(0.0);`).join(' ')}
        for (var kh = 0; kh < uniforms.filterSize.x; kh = kh + 1) {
          let iy = oy * uniforms.strides.x + kh * uniforms.dilations.x - uniforms.pads.x;
          if (iy < 0 || iy >= uniforms.inHeight) { continue; }
          let xRow = (b * uniforms.inHeight + iy) * uniforms.inWidth;
          for (var kw = 0; kw < uniforms.filterSize.y; kw = kw + 1) {
            let ixStart = ox0 * uniforms.strides.y + kw * uniforms.dilations.y - uniforms.pads.y;
            ${pixels
              .map(
                (p) => `let ix${p} = ixStart + ${p} * uniforms.strides.y;
            let ok${p} = ix${p} >= 0 && ix${p} < uniforms.inWidth && ox0 + ${p} < uniforms.outWidth;
            let xBase${p} = (xRow + clamp(ix${p}, 0, uniforms.inWidth - 1)) * cq;`,
              )
              .join('\n            ')}
            var wi = ((kh * uniforms.filterSize.y + kw) * uniforms.inChannels) * nq + cb;
            for (var c = 0; c < cq; c = c + 1) {
              let w0 = W[wi];
              let w1 = W[wi + nq];
              let w2 = W[wi + 2 * nq];
              let w3 = W[wi + 3 * nq];
              ${pixels
                .map(
                  (p) => `let v${p} = select(vec4<f32>(0.0), x[xBase${p} + c], ok${p});
              acc${p} = fma(vec4<f32>(v${p}.x), w0, fma(vec4<f32>(v${p}.y), w1, fma(vec4<f32>(v${p}.z), w2, fma(vec4<f32>(v${p}.w), w3, acc${p}))));`,
                )
                .join('\n              ')}
              wi = wi + 4 * nq;
            }
          }
        }
        let outRow = (b * uniforms.outHeight + oy) * uniforms.outWidth;
        ${pixels
          .map(
            (p) => `if (ox0 + ${p} < uniforms.outWidth) {
          let o = ((outRow + ox0 + ${p}) * nq + cb) * 4;
          let out${p} = finish(acc${p}, cb);
          for (var q = 0; q < 4; q = q + 1) { result[o + q] = out${p}[q]; }
        }`,
          )
          .join('\n        ')}
      }
    `;
  }
}

type Conv2DArgs = Parameters<KernelFunc>[0] & {
  attrs: {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dilations: [number, number] | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    activation?: string;
  };
};

/**
 * The kernel function for `Conv2D` and (`fused`) `FusedConv2D` with an optional per-channel bias
 * and a linear, ReLU or sigmoid activation: ours on software adapters when it applies, else
 * `fallback` (the stock one).
 */
export function makeSoftwareConv2D(fallback: KernelFunc, isSoftware: (backend: WebGPUBackend) => boolean, fused = false): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as Conv2DArgs;
    const { x, filter, bias, preluActivationWeights } = inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo };
    const webgpu = backend as unknown as WebGPUBackend;
    const activation = fused ? (attrs.activation ?? 'linear') : 'linear';
    if (!isSoftware(webgpu) || x.dtype !== 'float32' || preluActivationWeights || !(activation in ACTIVATION)) return fallback(args);
    if (bias && (bias.shape.length !== 1 || bias.shape[0] !== filter.shape[3])) return fallback(args);
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides, attrs.dilations,
      attrs.pad, attrs.dimRoundingMode, false, backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    if (info.dataFormat !== 'channelsLast' || info.inChannels % 4 !== 0 || info.outChannels % 4 !== 0) return fallback(args);
    const xBlocks = Math.ceil(info.outWidth / PIXELS);
    const cBlocks = info.outChannels / 4;
    const invocations = info.batchSize * info.outHeight * xBlocks * cBlocks;
    const uniforms = [
      int32(info.padInfo.top, info.padInfo.left),
      int32(info.strideHeight, info.strideWidth),
      int32(info.dilationHeight, info.dilationWidth),
      int32(info.filterHeight, info.filterWidth),
      ...int32s([info.inChannels, info.inHeight, info.inWidth, info.outHeight, info.outWidth, info.outChannels, xBlocks, cBlocks, invocations]),
    ];
    const epilogue: Epilogue = { bias: Boolean(bias), activation: activation as Epilogue['activation'] };
    return webgpu.runWebGPUProgram(new Conv2DBlocksProgram(info.outShape, invocations, epilogue), bias ? [x, filter, bias] : [x, filter], 'float32', uniforms);
  };
}
