/**
 * Fixes two TF.js 4.22 CPU kernels that are wrong for batch > 1:
 * - `Transform` (tf.image.transform, used by augmentation) returns from inside its batch loop, so
 *   every sample after the first is left at the fill value;
 * - `ResizeNearestNeighborGrad` (the gradient of UpSampling2D, in every U-Net) indexes `dy` with
 *   the input's batch stride, so gradients of later samples are wrong.
 * The replacements run the stock kernel once per sample and join the results. WebGPU and WebGL
 * are not affected. Imported for its side effect by the training code.
 */
import * as tf from '@tensorflow/tfjs';

type CpuBackend = tf.KernelBackend & {
  data: { get(id: tf.DataId): { values: tf.TypedArray } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
  disposeData(id: tf.DataId): void;
};

/** Re-registers a CPU kernel to run per sample over the inputs named in `batched`. */
function perSample(kernelName: string, batched: readonly string[]): void {
  const stock = tf.getKernel(kernelName, 'cpu');
  if (!stock || (stock as { perSample?: boolean }).perSample) return;
  const kernelFunc: tf.KernelFunc = ({ inputs, backend, attrs }) => {
    const cpu = backend as CpuBackend;
    const named = inputs as Record<string, tf.TensorInfo>;
    const batch = named[batched[0]].shape[0];
    if (batch === 1) return stock.kernelFunc({ inputs, backend, attrs });
    let out: tf.TypedArray | null = null;
    let outShape: number[] = [];
    let dtype: tf.DataType = 'float32';
    for (let b = 0; b < batch; b++) {
      const slices: Record<string, tf.TensorInfo> = { ...named };
      for (const name of batched) {
        const t = named[name];
        // A leading dimension of 1 is shared by every sample (e.g. one transform for all).
        if (t.shape[0] === 1) continue;
        const per = t.shape.slice(1).reduce((x, y) => x * y, 1);
        slices[name] = cpu.makeTensorInfo([1, ...t.shape.slice(1)], t.dtype, cpu.data.get(t.dataId).values.slice(b * per, (b + 1) * per));
      }
      const result = stock.kernelFunc({ inputs: slices, backend, attrs }) as tf.TensorInfo;
      const values = cpu.data.get(result.dataId).values;
      if (!out) {
        outShape = [batch, ...result.shape.slice(1)];
        dtype = result.dtype;
        out = tf.util.getTypedArrayFromDType(dtype as 'float32', values.length * batch);
      }
      out.set(values, b * values.length);
      cpu.disposeData(result.dataId);
      for (const name of batched) if (slices[name] !== named[name]) cpu.disposeData(slices[name].dataId);
    }
    return cpu.makeTensorInfo(outShape, dtype, out as tf.TypedArray);
  };
  tf.unregisterKernel(kernelName, 'cpu');
  tf.registerKernel({ kernelName, backendName: 'cpu', kernelFunc, perSample: true } as tf.KernelConfig);
}

perSample('Transform', ['image', 'transforms']);
perSample('ResizeNearestNeighborGrad', ['images', 'dy']);
