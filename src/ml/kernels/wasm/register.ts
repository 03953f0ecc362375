/**
 * Installs our kernels on TF.js's WASM backend, so that it trains: Conv2DBackpropFilter, which it
 * lacks (tfjs#8474), a Conv2DBackpropInput as a convolution in place of its scalar loop, Conv2D and
 * FusedConv2D on our SIMD convolution (faster than XNNPACK's on a U-Net's layers), a Tile of block
 * copies, Sum/Mean over leading axes without a transpose (bias and BatchNorm gradients), and heap
 * loops for Concat/SplitV, MaxPoolGrad and the gradient of whole-factor nearest resizing (a U-Net's
 * skips, pools and up-sampling), and Identity / same-dtype Cast that share memory instead of
 * copying (the gradient tape clones every saved tensor); and UpSampleConv2D, a fused kernel of our
 * own for the inference network's up-convolutions. Importing this module installs them, for the
 * app, the command lines and the benchmarks alike.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { makeConcatWasm, makeSplitVWasm } from './concat';
import { makeConv2DWasm, makeFusedConv2DWasm } from './conv2d';
import { conv2dBackpropFilterWasm } from './conv2dBackpropFilter';
import { makeConv2DBackpropInputWasm } from './conv2dBackpropInput';
import { makeCastWasm, makeIdentityWasm } from './identity';
import { makeMaxPoolGradWasm } from './pooling';
import { makeLeadingReduce } from './reduceLeading';
import { makeResizeNearestGradWasm } from './resizeNearest';
import { tileWasm } from './tile';
import { UP_SAMPLE_CONV2D, upSampleConv2dWasm } from './upSampleConv2d';

const BACKEND = 'wasm';
/** Ours, each built around the stock kernel it replaces (null where the backend has none). */
const OURS: Record<string, (stock: tf.KernelFunc | null) => tf.KernelFunc> = {
  Conv2DBackpropFilter: () => conv2dBackpropFilterWasm as tf.KernelFunc,
  Conv2DBackpropInput: (stock) => makeConv2DBackpropInputWasm(stock as tf.KernelFunc),
  Conv2D: (stock) => makeConv2DWasm(stock as tf.KernelFunc),
  FusedConv2D: (stock) => makeFusedConv2DWasm(stock as tf.KernelFunc),
  Tile: () => tileWasm as tf.KernelFunc,
  Sum: (stock) => makeLeadingReduce('Sum', stock as tf.KernelFunc),
  Mean: (stock) => makeLeadingReduce('Mean', stock as tf.KernelFunc),
  Concat: (stock) => makeConcatWasm(stock as tf.KernelFunc),
  SplitV: (stock) => makeSplitVWasm(stock as tf.KernelFunc),
  MaxPoolGrad: (stock) => makeMaxPoolGradWasm(stock as tf.KernelFunc),
  Identity: (stock) => makeIdentityWasm(stock as tf.KernelFunc),
  Cast: (stock) => makeCastWasm(stock as tf.KernelFunc),
  ResizeNearestNeighborGrad: (stock) => makeResizeNearestGradWasm(stock as tf.KernelFunc),
};

/** TF.js's own kernel config and ours, per kernel name that TF.js has too (all but the filter gradient). */
const swaps = new Map<string, { stock: tf.KernelConfig; ours: tf.KernelConfig }>();

for (const [kernelName, make] of Object.entries(OURS)) {
  const stock = tf.getKernel(kernelName, BACKEND);
  if (stock) tf.unregisterKernel(kernelName, BACKEND);
  const ours = { kernelName, backendName: BACKEND, kernelFunc: make(stock?.kernelFunc ?? null), setupFunc: stock?.setupFunc };
  tf.registerKernel(ours);
  if (stock) swaps.set(kernelName, { stock: { ...stock }, ours });
}

/**
 * Fused kernels TF.js has no counterpart for (the inference network calls them where registered,
 * and TF.js's separate kernels elsewhere): present with our set, absent with TF.js's.
 */
const FUSED: tf.KernelConfig[] = [{ kernelName: UP_SAMPLE_CONV2D, backendName: BACKEND, kernelFunc: upSampleConv2dWasm }];
for (const config of FUSED) tf.registerKernel(config);

let current: 'stock' | 'custom' = 'custom';

/**
 * For benchmarks (same run, same machine load): 'stock' puts back TF.js's own WASM kernel for every
 * kernel it has (our Conv2DBackpropFilter stays: TF.js has none, so WASM could not train at all);
 * 'custom' (the default, what the app runs) installs ours again. Our fused kernels (FUSED) come
 * and go with ours, so that 'stock' runs TF.js's kernels only.
 */
export function selectWasmKernels(set: 'stock' | 'custom'): void {
  if (set === current) return;
  for (const [kernelName, configs] of swaps) {
    tf.unregisterKernel(kernelName, BACKEND);
    tf.registerKernel(set === 'stock' ? configs.stock : configs.ours);
  }
  for (const config of FUSED) {
    if (set === 'stock') tf.unregisterKernel(config.kernelName, BACKEND);
    else tf.registerKernel(config);
  }
  current = set;
}
