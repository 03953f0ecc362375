/**
 * `Conv2DBackpropInput` (the gradient a convolution passes back to its input) for CPU-emulated
 * WebGPU adapters, the bottleneck of a training step there once `Conv2D` and the filter gradient
 * are ours: each invocation computes 4 neighbouring input pixels × 4 input channels in registers,
 * as vec4 dot products of dy with the filter's rows, without barriers. Used only where the adapter
 * is software and channels are multiples of 4; otherwise, and on every real GPU, the stock kernel.
 */
import { backend_util, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs';
import type { WebGPUBackend, WebGPUProgram } from '@tensorflow/tfjs-backend-webgpu';
import { flatDispatch, FLAT_WORKGROUP, int32, int32s } from './programHelpers';

const PIXELS = 4;

class InputGradBlocksProgram implements WebGPUProgram {
  variableNames = ['dy', 'W'];
  variableComponents = [4, 4];
  uniforms =
    'pads : vec2<i32>, strides : vec2<i32>, filterSize : vec2<i32>, inChannels : i32, inHeight : i32, inWidth : i32, ' +
    'outHeight : i32, outWidth : i32, outChannels : i32, xBlocks : i32, cBlocks : i32, invocations : i32,';
  workgroupSize = FLAT_WORKGROUP;
  dispatchLayout = { x: [0, 1, 2, 3] };
  dispatch: [number, number, number];
  outputShape: number[];
  shaderKey = 'unetStudioInputGradBlocks_4x4';

  constructor(outputShape: number[], invocations: number) {
    this.outputShape = outputShape;
    this.dispatch = flatDispatch(invocations);
  }

  getUserCode(): string {
    const pixels = Array.from({ length: PIXELS }, (_, p) => p);
    return `
      fn main(index : i32) {
        if (index >= uniforms.invocations) { return; }
        let cb = index % uniforms.cBlocks;
        let rest = index / uniforms.cBlocks;
        let xb = rest % uniforms.xBlocks;
        let row = rest / uniforms.xBlocks;
        let iy = row % uniforms.inHeight;
        let b = row / uniforms.inHeight;
        let ix0 = xb * ${PIXELS};
        let ci0 = cb * 4;
        let nq = uniforms.outChannels / 4;
        ${pixels.map((p) => `var acc${p} = vec4<f32>(0.0);`).join(' ')}
        for (var kh = 0; kh < uniforms.filterSize.x; kh = kh + 1) {
          let t = iy + uniforms.pads.x - kh;
          if (t < 0 || t % uniforms.strides.x != 0) { continue; }
          let oy = t / uniforms.strides.x;
          if (oy >= uniforms.outHeight) { continue; }
          let dyRow = (b * uniforms.outHeight + oy) * uniforms.outWidth;
          for (var kw = 0; kw < uniforms.filterSize.y; kw = kw + 1) {
            ${pixels
              .map(
                (p) => `let u${p} = ix0 + ${p} + uniforms.pads.y - kw;
            let ok${p} = u${p} >= 0 && u${p} % uniforms.strides.y == 0 && u${p} / uniforms.strides.y < uniforms.outWidth && ix0 + ${p} < uniforms.inWidth;
            let d${p}Base = (dyRow + clamp(u${p} / uniforms.strides.y, 0, uniforms.outWidth - 1)) * nq;`,
              )
              .join('\n            ')}
            let wBase = ((kh * uniforms.filterSize.y + kw) * uniforms.inChannels + ci0) * nq;
            for (var c = 0; c < nq; c = c + 1) {
              let w0 = W[wBase + c];
              let w1 = W[wBase + nq + c];
              let w2 = W[wBase + 2 * nq + c];
              let w3 = W[wBase + 3 * nq + c];
              ${pixels
                .map(
                  (p) => `let g${p} = select(vec4<f32>(0.0), dy[d${p}Base + c], ok${p});
              acc${p} = acc${p} + vec4<f32>(dot(g${p}, w0), dot(g${p}, w1), dot(g${p}, w2), dot(g${p}, w3));`,
                )
                .join('\n              ')}
            }
          }
        }
        let inRow = (b * uniforms.inHeight + iy) * uniforms.inWidth;
        ${pixels
          .map(
            (p) => `if (ix0 + ${p} < uniforms.inWidth) {
          let o = (inRow + ix0 + ${p}) * uniforms.inChannels + ci0;
          for (var q = 0; q < 4; q = q + 1) { result[o + q] = acc${p}[q]; }
        }`,
          )
          .join('\n        ')}
      }
    `;
  }
}

type InputGradArgs = Parameters<KernelFunc>[0] & {
  attrs: {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
};

/** The kernel function: ours on software adapters when it applies, else `fallback` (the stock one). */
export function makeSoftwareConv2DBackpropInput(fallback: KernelFunc, isSoftware: (backend: WebGPUBackend) => boolean): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as InputGradArgs;
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const webgpu = backend as unknown as WebGPUBackend;
    if (!isSoftware(webgpu) || dy.dtype !== 'float32') return fallback(args);
    const info = backend_util.computeConv2DInfo(
      attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false,
      backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    if (info.dataFormat !== 'channelsLast' || info.inChannels % 4 !== 0 || info.outChannels % 4 !== 0) return fallback(args);
    const xBlocks = Math.ceil(info.inWidth / PIXELS);
    const cBlocks = info.inChannels / 4;
    const invocations = info.batchSize * info.inHeight * xBlocks * cBlocks;
    const uniforms = [
      int32(info.padInfo.top, info.padInfo.left),
      int32(info.strideHeight, info.strideWidth),
      int32(info.filterHeight, info.filterWidth),
      ...int32s([info.inChannels, info.inHeight, info.inWidth, info.outHeight, info.outWidth, info.outChannels, xBlocks, cBlocks, invocations]),
    ];
    return webgpu.runWebGPUProgram(new InputGradBlocksProgram(info.inShape, invocations), [dy, filter], 'float32', uniforms);
  };
}
