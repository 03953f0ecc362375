/**
 * Validation of a segmentation model at its own resolution: per-class hard Dice over samples of
 * a packed training set, and the predicted label maps themselves (for surface distances, which are
 * computed outside TF.js). A one-channel model's label is `p ≥ threshold` (class 1), a C-channel
 * model's is the argmax over its channels. Tensors are created and disposed here.
 */
import * as tf from '@tensorflow/tfjs';

/** Channels of the model's output: 1 (sigmoid, binary) or C (softmax over C classes). */
export function outputChannels(model: tf.LayersModel): number {
  const shape = model.outputs[0].shape;
  return shape[shape.length - 1] as number;
}

/**
 * Class indices per pixel [batch, H, W] (int32) of a model's output; a new tensor the caller
 * disposes.
 */
export function labelsOf(p: tf.Tensor, threshold = 0.5): tf.Tensor3D {
  return tf.tidy(() => {
    const channels = p.shape[p.rank - 1] as number;
    if (channels === 1) return tf.cast(tf.squeeze(tf.greaterEqual(p, threshold), [3]), 'int32') as tf.Tensor3D;
    return tf.argMax(p, 3) as tf.Tensor3D;
  });
}

/**
 * Mean hard Dice per foreground class (class 1 first) over the given samples, each sample's Dice
 * first (both empty counts as a perfect score, as in the workbench metrics), predicted in batches.
 * `ys` holds class indices [N, H, W, 1]; `classes` includes background (2 = binary). Null without
 * samples.
 */
export async function validationDicePerClass(
  model: tf.LayersModel,
  xs: tf.Tensor4D,
  ys: tf.Tensor4D,
  indices: readonly number[],
  batchSize: number,
  classes: number,
): Promise<number[] | null> {
  if (indices.length === 0) return null;
  const foreground = Math.max(1, classes - 1);
  const sums = new Float64Array(foreground);
  for (let i = 0; i < indices.length; i += batchSize) {
    const perImage = tf.tidy(() => {
      const idx = tf.tensor1d(indices.slice(i, i + batchSize), 'int32');
      const predicted = labelsOf(model.predict(tf.gather(xs, idx)) as tf.Tensor);
      const truth = tf.cast(tf.squeeze(tf.gather(ys, idx), [3]), 'int32');
      const columns: tf.Tensor[] = [];
      for (let c = 1; c <= foreground; c++) {
        const p = tf.cast(tf.equal(predicted, c), 'float32');
        const y = tf.cast(tf.equal(truth, c), 'float32');
        const inter = tf.sum(tf.mul(p, y), [1, 2]);
        const total = tf.add(tf.sum(p, [1, 2]), tf.sum(y, [1, 2]));
        columns.push(tf.where(tf.equal(total, 0), tf.onesLike(total), tf.div(tf.mul(2, inter), tf.maximum(total, 1))));
      }
      return tf.stack(columns, 1);
    });
    const values = await perImage.data();
    perImage.dispose();
    for (let k = 0; k < values.length; k++) sums[k % foreground] += values[k];
  }
  return Array.from(sums, (s) => s / indices.length);
}

/** The mean over foreground classes of `validationDicePerClass`; null without samples. */
export function meanOf(perClass: readonly number[] | null): number | null {
  return perClass === null ? null : perClass.reduce((a, b) => a + b, 0) / perClass.length;
}

/**
 * The model's label map (class index per pixel, row-major) for each of the given samples of
 * `images` ([count, size, size, channels]), at the model's resolution.
 */
export async function predictLabelMaps(
  model: tf.LayersModel,
  images: Float32Array,
  shape: { readonly count: number; readonly size: number; readonly channels: number },
  indices: readonly number[],
  batchSize: number,
  threshold = 0.5,
): Promise<Uint8Array[]> {
  const n = shape.size * shape.size;
  const out: Uint8Array[] = [];
  for (let i = 0; i < indices.length; i += batchSize) {
    const batch = indices.slice(i, i + batchSize);
    const x = new Float32Array(batch.length * n * shape.channels);
    batch.forEach((k, j) => x.set(images.subarray(k * n * shape.channels, (k + 1) * n * shape.channels), j * n * shape.channels));
    const labels = tf.tidy(() => labelsOf(model.predict(tf.tensor4d(x, [batch.length, shape.size, shape.size, shape.channels])) as tf.Tensor, threshold));
    const data = await labels.data();
    labels.dispose();
    for (let j = 0; j < batch.length; j++) out.push(Uint8Array.from(data.subarray(j * n, (j + 1) * n)));
  }
  return out;
}
