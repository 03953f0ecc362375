/**
 * The up-convolution of the classic Keras U-Net — UpSampling2D (nearest, ×2) then Conv2D (2×2,
 * stride 1, padding 'same', bias, linear or ReLU) — as one op and one layer, for the inference
 * network (inferenceNetwork.ts). On WASM with our kernels it runs our fused kernel
 * (kernels/wasm/upSampleConv2d.ts): 9 multiply-adds per four outputs and input channel instead of
 * 16, and no up-sampled tensor. Elsewhere it runs what the two Keras layers run (TF.js's nearest
 * resize, then its fused convolution), so every backend gets the same values to float32 rounding.
 */
import * as tf from '@tensorflow/tfjs';
import { simdSupported } from './kernels/wasm/simd/simdKernels';
import { upConv2dSimdFits } from './kernels/wasm/simd/upConv2dSimd';
import { UP_SAMPLE_CONV2D } from './kernels/wasm/upSampleConv2d';

export type UpConvActivation = 'linear' | 'relu';

/**
 * act(bias + conv2d(upsample2x(x), filter, stride 1, 'same')): x [B, H, W, Ci], filter [2, 2, Ci,
 * Co], bias [Co] or null → [B, 2H, 2W, Co]. Nearest up-sampling repeats each pixel 2×2 (Keras
 * UpSampling2D, interpolation 'nearest'); 'same' pads one row and column of zeros after the image.
 */
export function upSampleConv2d(x: tf.Tensor4D, filter: tf.Tensor4D, bias: tf.Tensor1D | null, activation: UpConvActivation): tf.Tensor4D {
  const [b, h, w, ci] = x.shape;
  const fits = upConv2dSimdFits({ B: b, H: h, W: w, Ci: ci, Co: filter.shape[3] });
  if (tf.getBackend() === 'wasm' && tf.getKernel(UP_SAMPLE_CONV2D, 'wasm') && simdSupported() && fits && x.dtype === 'float32') {
    const inputs: tf.NamedTensorMap = bias ? { x, filter, bias } : { x, filter };
    return tf.engine().runKernel(UP_SAMPLE_CONV2D, inputs, { activation }) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const up = tf.image.resizeNearestNeighbor(x, [2 * h, 2 * w]);
    return tf.fused.conv2d({ x: up, filter, strides: 1, pad: 'same', bias: bias ?? undefined, activation });
  });
}

export interface UpSampleConv2DArgs {
  readonly name: string;
  readonly filters: number;
  readonly useBias: boolean;
  readonly activation: UpConvActivation;
}

/**
 * A layer computing upSampleConv2d with its own kernel [2, 2, Ci, filters] and bias [filters]
 * (weights named and ordered as Conv2D's, so a Conv2D's getWeights() sets them). Inference only.
 */
export class UpSampleConv2D extends tf.layers.Layer {
  static readonly className = 'UpSampleConv2D';
  private readonly filters: number;
  private readonly useBias: boolean;
  private readonly activation: UpConvActivation;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: UpSampleConv2DArgs) {
    super({ name: args.name });
    this.filters = args.filters;
    this.useBias = args.useBias;
    this.activation = args.activation;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[3];
    if (channels == null) throw new Error(`${this.name}: the input's channels must be known`);
    this.kernel = this.addWeight('kernel', [2, 2, channels, this.filters], 'float32', tf.initializers.zeros());
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const [b, h, w] = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [b, h == null ? null : 2 * h, w == null ? null : 2 * w, this.filters];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor4D;
    return upSampleConv2d(x, this.kernel!.read() as tf.Tensor4D, this.bias ? (this.bias.read() as tf.Tensor1D) : null, this.activation);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), filters: this.filters, useBias: this.useBias, activation: this.activation };
  }
}
