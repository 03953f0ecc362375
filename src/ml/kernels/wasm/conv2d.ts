/**
 * Conv2D and FusedConv2D for TF.js's WASM backend on our SIMD convolution (simd/conv2dSimd.ts): a
 * U-Net's forward convolutions, in predict and in training, and — through Conv2DBackpropInput,
 * which runs the backend's Conv2D kernel on the rotated filter — its input gradients. 3×3 layers
 * run as Winograd F(2×2, 3×3), the rest as a direct tile; measured in headless Chromium on the
 * base-16 U-Net's layers, one thread: the direct tile 1.1–1.6× XNNPACK's speed, Winograd 1.5–2.1×
 * the direct tile's (README, Performance). Taken: NHWC, stride 1, dilation 1, output channels a
 * multiple of 4, activation linear or ReLU with a per-channel bias (or none). Everything else —
 * the 1-channel head, strided or dilated convolutions, other activations — goes to the stock
 * (XNNPACK) kernel; an empty output (a 'valid' window larger than the image) runs no kernel.
 * Shapes: x [B, H, W, Ci], filter [kh, kw, Ci, Co] → y [B, Ho, Wo, Co].
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, asWasm, heapAddress, heapMemory, type WasmBackend, withScratch } from './heap';
import { conv2dScratchBytes, conv2dSimd, conv2dSimdFits } from './simd/conv2dSimd';
import { type ConvShape, simdKernels, simdSupported } from './simd/simdKernels';

/** The convolution's geometry (channels last only: the others go to the stock kernel as they are). */
function convInfo(x: tf.TensorInfo, filter: tf.TensorInfo, attrs: tf.Conv2DAttrs): tf.backend_util.Conv2DInfo | null {
  if (attrs.dataFormat !== 'NHWC') return null;
  return tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filter.shape as [number, number, number, number], attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
}

/** The SIMD kernel's geometry for this call, or null when it does not take it. */
function simdShape(info: tf.backend_util.Conv2DInfo, x: tf.TensorInfo, filter: tf.TensorInfo): ConvShape | null {
  if (!simdSupported() || x.dtype !== 'float32' || filter.dtype !== 'float32') return null;
  if (info.strideHeight !== 1 || info.strideWidth !== 1 || info.dilationHeight !== 1 || info.dilationWidth !== 1) return null;
  const [kh, kw, ci, co] = filter.shape as [number, number, number, number];
  const shape = { B: info.batchSize, H: info.inHeight, W: info.inWidth, Ci: ci, Ho: info.outHeight, Wo: info.outWidth, Co: co, kh, kw, top: info.padInfo.top, left: info.padInfo.left };
  return conv2dSimdFits(shape) ? shape : null;
}

/**
 * An empty output when the convolution has none (a 'valid' window larger than the image): TF.js
 * 4.22's XNNPACK kernel then writes out of bounds and leaves the heap unusable for every later
 * operation ("memory access out of bounds"), so no kernel runs.
 */
function emptyOutput(backend: WasmBackend, info: tf.backend_util.Conv2DInfo, dtype: tf.DataType): tf.TensorInfo | null {
  const shape = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  return tf.util.sizeFromShape(shape) === 0 ? allocate(backend, shape, dtype) : null;
}

/** Whether a bias is one value per output channel ([Co], or [1, …, 1, Co]): other shapes broadcast otherwise. */
function perChannel(bias: tf.TensorInfo, co: number): boolean {
  const shape = bias.shape;
  return bias.dtype === 'float32' && shape.length > 0 && shape[shape.length - 1] === co && shape.slice(0, -1).every((d) => d === 1);
}

/** Runs the SIMD kernel into a new output tensor, with its scratch in the heap. */
function run(backend: WasmBackend, x: tf.TensorInfo, filter: tf.TensorInfo, bias: tf.TensorInfo | undefined, shape: ConvShape, relu: boolean): tf.TensorInfo {
  const k = simdKernels(heapMemory(backend)); // first: if it cannot start, nothing is allocated yet
  const out = allocate(backend, [shape.B, shape.Ho, shape.Wo, shape.Co], 'float32');
  return withScratch(backend, out, () => conv2dScratchBytes(k, shape), (scratchAt) => {
    const at = { x: heapAddress(backend, x), filter: heapAddress(backend, filter), bias: bias ? heapAddress(backend, bias) : null, y: heapAddress(backend, out), scratch: scratchAt };
    conv2dSimd(k, at, shape, relu);
  });
}

export function makeConv2DWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const info = convInfo(x, filter, args.attrs as unknown as tf.Conv2DAttrs);
    if (!info) return stock(args);
    const empty = emptyOutput(asWasm(args.backend), info, x.dtype);
    if (empty) return empty;
    const shape = simdShape(info, x, filter);
    if (!shape) return stock(args);
    return run(asWasm(args.backend), x, filter, undefined, shape, false);
  };
}

export function makeFusedConv2DWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
    const attrs = args.attrs as unknown as tf.Conv2DAttrs & { activation?: string };
    const activation = attrs.activation ?? 'linear';
    const info = convInfo(x, filter, attrs);
    if (!info) return stock(args);
    const empty = emptyOutput(asWasm(args.backend), info, x.dtype);
    if (empty) return empty;
    if ((activation !== 'linear' && activation !== 'relu') || preluActivationWeights) return stock(args);
    const shape = simdShape(info, x, filter);
    if (!shape || (bias && !perChannel(bias, shape.Co))) return stock(args);
    return run(asWasm(args.backend), x, filter, bias, shape, activation === 'relu');
  };
}
