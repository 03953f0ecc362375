/**
 * Installs our WebGPU kernels in place of TF.js's stock ones, and switches back on request so a
 * benchmark can measure both in one run. Importing this module installs them (the app, the
 * command lines and the benchmarks all get the same kernels).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { adapterKind } from './adapterKind';
import { makeConv2DBackpropFilter } from './conv2dBackpropFilter';
import { makeSoftwareConv2DBackpropInput } from './conv2dBackpropInputSoftware';
import { makeSoftwareConv2D } from './conv2dSoftware';

export type KernelSet = 'stock' | 'custom';

const BACKEND = 'webgpu';
const software = (backend: Parameters<typeof adapterKind>[0]) => adapterKind(backend) === 'software';
/** Ours, built around the stock kernel each falls back to. */
const OURS: Record<string, (stock: tf.KernelFunc) => tf.KernelFunc> = {
  Conv2DBackpropFilter: makeConv2DBackpropFilter,
  Conv2D: (stock) => makeSoftwareConv2D(stock, software),
  FusedConv2D: (stock) => makeSoftwareConv2D(stock, software, true),
  Conv2DBackpropInput: (stock) => makeSoftwareConv2DBackpropInput(stock, software),
};
const stock = new Map(Object.keys(OURS).map((name) => [name, tf.getKernel(name, BACKEND)]));
let current: KernelSet = 'stock';

function install(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, BACKEND)) tf.unregisterKernel(config.kernelName, BACKEND);
  tf.registerKernel(config);
}

/** Uses our kernels ('custom', the default) or TF.js's own ('stock') on the WebGPU backend. */
export function selectWebgpuKernels(set: KernelSet): void {
  if (set === current) return;
  for (const [name, original] of stock) {
    if (!original) continue;
    install(set === 'stock' ? original : { kernelName: name, backendName: BACKEND, kernelFunc: OURS[name](original.kernelFunc) });
  }
  current = set;
}

export function webgpuKernels(): KernelSet {
  return current;
}

selectWebgpuKernels('custom');
