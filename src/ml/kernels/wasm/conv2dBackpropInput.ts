/**
 * Conv2DBackpropInput for TF.js's WASM backend: the stock kernel is a scalar C++ loop, the slowest
 * part of a U-Net training step on WASM by far. For stride 1 and dilation 1 the input gradient is
 * itself a convolution — of dY with the filter rotated by 180° and its channel axes swapped, padded
 * by (k − 1 − p) on each side (Dumoulin & Visin 2016, "A guide to convolution arithmetic", §4.1) —
 * so it runs as the backend's Conv2D kernel: ours (conv2d.ts, SIMD) where it takes the shape, else
 * XNNPACK's. Other strides, dilations and paddings wider than the kernel go to the stock kernel. Shapes: dy [B, Ho, Wo, Co], filter [kh, kw, Ci, Co] →
 * dx [B, H, W, Ci] (inputShape). NHWC.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, asWasm, runWasmKernel, view } from './heap';


/** The filter rotated by 180° with input and output channels swapped: [kh, kw, Ci, Co] → [kh, kw, Co, Ci]. */
function rotatedFilter(w: Float32Array, out: Float32Array, kh: number, kw: number, ci: number, co: number): void {
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      const src = ((kh - 1 - ky) * kw + (kw - 1 - kx)) * ci * co;
      const dst = (ky * kw + kx) * co * ci;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) out[dst + o * ci + i] = w[src + i * co + o];
    }
  }
}

export function makeConv2DBackpropInputWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, attrs } = args;
    const backend = asWasm(args.backend);
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (dataFormat !== 'NHWC') return stock(args);
    const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(inputShape, [kh, kw, ci, co], strides, 1, pad, dimRoundingMode, false, 'channelsLast');
    const p = info.padInfo;
    const pads = [kh - 1 - p.top, kh - 1 - p.bottom, kw - 1 - p.left, kw - 1 - p.right];
    if (info.strideHeight !== 1 || info.strideWidth !== 1 || pads.some((v) => v < 0)) return stock(args);
    const rotated = allocate(backend, [kh, kw, co, ci], 'float32');
    try {
      rotatedFilter(view(backend, filter), view(backend, rotated), kh, kw, ci, co);
      return runWasmKernel('Conv2D', backend, { x: dy, filter: rotated }, {
        strides: 1,
        pad: [[0, 0], [pads[0], pads[1]], [pads[2], pads[3]], [0, 0]],
        dataFormat: 'NHWC',
        dilations: 1,
      });
    } finally {
      backend.disposeData(rotated.dataId);
    }
  };
}
