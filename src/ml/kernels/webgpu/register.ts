/**
 * Installs our WebGPU kernels in place of TF.js's stock ones, and switches back on request so a
 * benchmark can measure both in one run. Importing this module installs them (the app, the
 * command lines and the benchmarks all get the same kernels).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { makeConv2DBackpropFilter } from './conv2dBackpropFilter';

export type KernelSet = 'stock' | 'custom';

const BACKEND = 'webgpu';
const KERNEL = 'Conv2DBackpropFilter';
const stock = tf.getKernel(KERNEL, BACKEND);
let current: KernelSet = 'stock';

function install(config: tf.KernelConfig): void {
  if (tf.getKernel(KERNEL, BACKEND)) tf.unregisterKernel(KERNEL, BACKEND);
  tf.registerKernel(config);
}

/** Uses our kernels ('custom', the default) or TF.js's own ('stock') on the WebGPU backend. */
export function selectWebgpuKernels(set: KernelSet): void {
  if (!stock || set === current) return;
  install(set === 'stock' ? stock : { kernelName: KERNEL, backendName: BACKEND, kernelFunc: makeConv2DBackpropFilter(stock.kernelFunc) });
  current = set;
}

export function webgpuKernels(): KernelSet {
  return current;
}

selectWebgpuKernels('custom');
