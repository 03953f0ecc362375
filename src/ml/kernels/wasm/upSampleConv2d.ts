/**
 * UpSampleConv2D for TF.js's WASM backend: nearest ×2 up-sampling then a 2×2 'same' convolution
 * with a per-channel bias and linear or ReLU activation, in one kernel on our SIMD tile
 * (simd/upConv2dSimd.ts), without the up-sampled tensor. It is not a TF.js kernel: ml/upSampleConv2d.ts
 * calls it for the inference network's fused up-convolutions where it is registered, and runs
 * TF.js's own up-sampling and convolution elsewhere (other backends, TF.js's kernel set in the
 * benchmarks, an engine without SIMD, output channels not in fours).
 * Shapes: x [B, H, W, Ci], filter [2, 2, Ci, Co], bias [Co] → y [B, 2H, 2W, Co].
 */
import type * as tf from '@tensorflow/tfjs';
import { allocate, asWasm, heapAddress, heapMemory, runWasmKernel, withScratch } from './heap';
import { simdKernels } from './simd/simdKernels';
import { upConv2dScratchBytes, upConv2dSimd, upConv2dSimdFits } from './simd/upConv2dSimd';

export const UP_SAMPLE_CONV2D = 'UpSampleConv2D';

export interface UpSampleConv2DAttrs {
  /** 'linear' or 'relu'. */
  readonly activation: string;
}

/**
 * Inputs x [B, H, W, Ci] float32, filter [2, 2, Ci, Co] with Co a multiple of 4, bias [Co]
 * (optional), as ml/upSampleConv2d.ts checks before calling; throws otherwise.
 */
export const upSampleConv2dWasm: tf.KernelFunc = ({ inputs, backend: b, attrs }) => {
  const backend = asWasm(b);
  const { x, filter, bias } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo; bias?: tf.TensorInfo };
  const [B, H, W, Ci] = x.shape;
  const [kh, kw, , Co] = filter.shape;
  const shape = { B, H, W, Ci, Co };
  if (kh !== 2 || kw !== 2 || !upConv2dSimdFits(shape)) throw new Error(`UpSampleConv2D: a [${filter.shape.join(', ')}] filter; it takes 2×2 filters with output channels in fours`);
  const activation = (attrs as unknown as UpSampleConv2DAttrs).activation;
  const k = simdKernels(heapMemory(backend)); // first: if it cannot start, nothing is allocated yet
  const out = allocate(backend, [B, 2 * H, 2 * W, Co], 'float32');
  let finite = true;
  withScratch(backend, out, () => upConv2dScratchBytes(shape), (scratchAt) => {
    const at = { x: heapAddress(backend, x), filter: heapAddress(backend, filter), bias: bias ? heapAddress(backend, bias) : null, y: heapAddress(backend, out), scratch: scratchAt };
    finite = upConv2dSimd(k, at, shape, activation === 'relu');
  });
  if (finite) return out;
  // An infinity or an overflow: what the two layers give (nearest resize, then the convolution).
  backend.disposeData(out.dataId);
  const up = runWasmKernel('ResizeNearestNeighbor', backend, { images: x }, { size: [2 * H, 2 * W], alignCorners: false, halfPixelCenters: false });
  try {
    const convInputs: Record<string, tf.TensorInfo> = bias ? { x: up, filter, bias } : { x: up, filter };
    return runWasmKernel('FusedConv2D', backend, convInputs, { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined, activation });
  } finally {
    backend.disposeData(up.dataId);
  }
};
