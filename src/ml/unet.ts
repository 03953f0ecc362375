/**
 * The seed tutorial's U-Net layout at any size: per level two 3×3 conv + ReLU (optional
 * BatchNorm), 2×2 max-pool; up-sampling, a 2×2 conv, concatenation with the skip; a 1×1 head:
 * one sigmoid channel for a binary model, C softmax channels for C > 2 classes (background
 * included). Used to make test models and to train from scratch.
 */
import * as tf from '@tensorflow/tfjs';

export interface UnetOptions {
  readonly size: number;
  readonly channels: 1 | 3;
  /** Filters at the first level; doubled per level down. */
  readonly base: number;
  /** Number of pooling steps. */
  readonly depth: number;
  readonly batchNorm?: boolean;
  /** Classes including background: 2 (default) = binary, 1-channel sigmoid; C > 2 = C-channel softmax. */
  readonly classes?: number;
  readonly seed?: number;
  readonly name?: string;
}

export function buildUnet(options: UnetOptions): tf.LayersModel {
  const { size, channels, base, depth, batchNorm = false, classes = 2 } = options;
  if (!Number.isInteger(classes) || classes < 2 || classes > 255) throw new Error(`classes must be an integer from 2 to 255 (background included), not ${classes}`);
  let seed = options.seed ?? 1;
  const init = () => tf.initializers.heNormal({ seed: seed++ });
  const conv = (x: tf.SymbolicTensor, filters: number, kernel: number, name: string) => {
    let y = tf.layers.conv2d({ filters, kernelSize: kernel, padding: 'same', activation: batchNorm ? 'linear' : 'relu', kernelInitializer: init(), name }).apply(x) as tf.SymbolicTensor;
    if (batchNorm) {
      y = tf.layers.batchNormalization({ name: `${name}_bn` }).apply(y) as tf.SymbolicTensor;
      y = tf.layers.activation({ activation: 'relu', name: `${name}_relu` }).apply(y) as tf.SymbolicTensor;
    }
    return y;
  };
  const input = tf.input({ shape: [size, size, channels], name: 'image' });
  const skips: tf.SymbolicTensor[] = [];
  let x: tf.SymbolicTensor = input;
  for (let level = 0; level < depth; level++) {
    x = conv(x, base * 2 ** level, 3, `enc${level}_a`);
    x = conv(x, base * 2 ** level, 3, `enc${level}_b`);
    skips.push(x);
    x = tf.layers.maxPooling2d({ poolSize: 2, name: `pool${level}` }).apply(x) as tf.SymbolicTensor;
  }
  x = conv(x, base * 2 ** depth, 3, 'mid_a');
  x = conv(x, base * 2 ** depth, 3, 'mid_b');
  for (let level = depth - 1; level >= 0; level--) {
    const filters = base * 2 ** level;
    x = tf.layers.upSampling2d({ size: [2, 2], name: `upsample${level}` }).apply(x) as tf.SymbolicTensor;
    x = conv(x, filters, 2, `up${level}`);
    x = tf.layers.concatenate({ name: `concat${level}` }).apply([skips[level], x]) as tf.SymbolicTensor;
    x = conv(x, filters, 3, `dec${level}_a`);
    x = conv(x, filters, 3, `dec${level}_b`);
  }
  const output = tf.layers
    .conv2d({ filters: classes > 2 ? classes : 1, kernelSize: 1, activation: classes > 2 ? 'softmax' : 'sigmoid', kernelInitializer: init(), name: 'out' })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: options.name ?? `unet_b${base}_${size}` });
}
