/**
 * Identity and same-dtype Cast for TF.js's WASM backend without a copy: the output shares the
 * input's heap memory, counted by the backend's reference count (what the stock WASM Reshape and
 * WebGL's Identity already do). While the gradient tape records, TF.js clones (Identity) every
 * tensor a gradient will need, and ReLU's gradient casts its float mask to float32: on WASM
 * each was a full copy — 171 copies of activations per base-16 U-Net training step. No WASM
 * kernel writes into its inputs, so sharing is safe. Strings and real casts go to the stock kernels.
 */
import type * as tf from '@tensorflow/tfjs';
import { asWasm } from './heap';

function shared(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const { x } = args.inputs as { x: tf.TensorInfo };
  asWasm(args.backend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

export function makeIdentityWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => ((args.inputs as { x: tf.TensorInfo }).x.dtype === 'string' ? stock(args) : shared(args));
}

export function makeCastWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { dtype } = args.attrs as unknown as tf.CastAttrs;
    return x.dtype === dtype && dtype !== 'string' ? shared(args) : stock(args);
  };
}
