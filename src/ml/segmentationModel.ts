/**
 * A loaded U-Net behind a small interface: its input spec, `predict` from typed arrays to a
 * foreground-probability grid, `warmUp`, `dispose`. Tensors never leave this module.
 *
 * The input must be square ([null, N, N, C], C = 1 or 3). The output [null, N, N, K] is read by
 * its activation (model/metadata.ts `activation`, else the last layer's, else by K):
 * - K = 1: a sigmoid probability of the one foreground class;
 * - softmax over K ≥ 2 channels: class 0 is background, classes 1…K−1 are the model's classes
 *   (K = 2 is the binary case: class 1 is the foreground);
 * - K ≥ 2 sigmoids: K independent (multi-label) classes 1…K.
 * Anything else is refused with the shape named. Layers models can be trained and saved; graph
 * models (frozen TensorFlow graphs) only run.
 */
import * as tf from '@tensorflow/tfjs';
import { type InputSpec } from '../image/modelInput';
import { type Activation, type ModelMetadata } from '../model/metadata';
import { type ClassInfo, classTable } from '../model/classes';
import { inferenceNetwork } from './inferenceNetwork';

export class ModelShapeError extends Error {}

export type ModelKind = 'layers' | 'graph';

export interface SegmentationModel {
  readonly kind: ModelKind;
  readonly spec: InputSpec;
  readonly metadata: ModelMetadata;
  readonly outputChannels: number;
  /** How the output channels are read (see the module comment). */
  readonly activation: Activation;
  /** The foreground classes, class k at index k − 1: one for a binary model. */
  readonly classes: readonly ClassInfo[];
  readonly parameterCount: number;
  /** The layers model itself, for training and saving; null for graph models. */
  readonly layers: tf.LayersModel | null;
  /**
   * Foreground probability per pixel of the model's grid, row-major, size × size: of the one
   * class for a binary model; for several classes, of any class (1 − P(background) after a
   * softmax, the largest class probability for multi-label sigmoids).
   */
  predict(input: Float32Array): Promise<Float32Array>;
  /**
   * `predict`'s foreground grid and, for a model of several classes, each class's probability as
   * planes: classes[(k − 1)·size² + i] = P(class k) at grid pixel i (null for a binary model).
   */
  predictClasses(input: Float32Array): Promise<ClassProbabilities>;
  /** Runs the model once on zeros so shaders compile now, not on the user's first image. */
  warmUp(): Promise<number>;
  /** Same network, other settings (intensity, threshold…); shares the weights. */
  withMetadata(metadata: ModelMetadata): SegmentationModel;
  dispose(): void;
}

export interface ClassProbabilities {
  readonly foreground: Float32Array;
  readonly classes: Float32Array | null;
}

/** The most classes a model may have: label maps hold one byte per pixel, 0 being background. */
export const MAX_CLASSES = 255;

function describe(shape: readonly (number | null | undefined)[]): string {
  return `[${shape.map((d) => (d === null || d === undefined || d === -1 ? 'null' : d)).join(', ')}]`;
}

export function checkShapes(
  input: readonly (number | null)[],
  output: readonly (number | null)[],
): { size: number; channels: 1 | 3; outputChannels: number } {
  const [, h, w, c] = input;
  if (input.length !== 4 || !h || !w || h !== w || (c !== 1 && c !== 3)) {
    throw new ModelShapeError(`input shape ${describe(input)} is not usable: expected [null, N, N, 1] or [null, N, N, 3]`);
  }
  const [, oh, ow, oc] = output;
  if (output.length !== 4 || oh !== h || ow !== w || !oc || oc < 1 || oc > MAX_CLASSES + 1) {
    throw new ModelShapeError(
      `output shape ${describe(output)} is not usable: expected [null, ${h}, ${w}, K] with one channel per class ` +
        `(K = 1: sigmoid; K from 2 to ${MAX_CLASSES + 1}: softmax with class 0 background, or independent sigmoids)`,
    );
  }
  return { size: h, channels: c, outputChannels: oc };
}

/**
 * How a model's output channels are read: the settings' activation when given, else the last
 * layer's (`lastActivation`, layers models), else sigmoid for one channel and softmax for more.
 * @throws ModelShapeError for a one-channel softmax (always 1: it cannot segment).
 */
export function outputActivation(outputChannels: number, declared: Activation | null, lastActivation: string | null): Activation {
  const activation = declared ?? (lastActivation === 'sigmoid' || lastActivation === 'softmax' ? lastActivation : outputChannels === 1 ? 'sigmoid' : 'softmax');
  if (activation === 'softmax' && outputChannels === 1) throw new ModelShapeError('a softmax over one output channel is always 1; the model needs a sigmoid or two or more channels');
  return activation;
}

/** Foreground classes of an output of K channels: K − 1 after a softmax (class 0 is background), K sigmoids. */
export function foregroundClassCount(outputChannels: number, activation: Activation): number {
  return activation === 'softmax' ? outputChannels - 1 : outputChannels;
}

/**
 * On WebGPU, builds every pipeline the model needs without running it, letting the driver compile
 * them in parallel (tfjs's compile-only mode, tfjs#7191) instead of one by one on first use.
 * Elsewhere it does nothing; the warm-up run that follows compiles what is left.
 */
async function compileInParallel(trace: () => void): Promise<void> {
  const backend = tf.backend() as { checkCompileCompletionAsync?: () => Promise<unknown> };
  if (tf.getBackend() !== 'webgpu' || !backend.checkCompileCompletionAsync) return;
  tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', true);
  try {
    trace();
  } finally {
    tf.env().set('WEBGPU_ENGINE_COMPILE_ONLY', false);
  }
  await backend.checkCompileCompletionAsync();
}

interface Network {
  readonly kind: ModelKind;
  readonly inputShape: readonly (number | null)[];
  readonly outputShape: readonly (number | null)[];
  readonly parameterCount: number;
  readonly layers: tf.LayersModel | null;
  /** The last layer's activation name (layers models), for reading the output. */
  readonly lastActivation: string | null;
  run(input: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

function wrap(network: Network, metadata: ModelMetadata): SegmentationModel {
  const { size, channels, outputChannels } = checkShapes(network.inputShape, network.outputShape);
  const activation = outputActivation(outputChannels, metadata.activation, network.lastActivation);
  const classCount = foregroundClassCount(outputChannels, activation);
  const named = metadata.classes;
  if (named && named.length > classCount) {
    throw new ModelShapeError(
      `the model's settings name ${named.length} classes but its output (${outputChannels} channel${outputChannels === 1 ? '' : 's'}, ${activation}) has ${classCount}`,
    );
  }
  const classes = classTable(named, classCount, metadata.label);
  if (metadata.measure === 'angle-of-progression' && classes.length < 2) {
    throw new ModelShapeError('the settings ask for the angle of progression, which needs two classes (1 pubic symphysis, 2 fetal head); the model has one');
  }
  const spec: InputSpec = { size, channels, intensity: metadata.intensity };

  /** [size², classCount] of each foreground class's probability (softmax drops channel 0). */
  const classPlanes = (out: tf.Tensor4D): tf.Tensor2D => {
    const fg = activation === 'softmax' ? out.slice([0, 0, 0, 1], [1, size, size, classCount]) : out;
    return fg.clipByValue(0, 1).reshape([size * size, classCount]);
  };

  async function run(input: tf.Tensor4D, perClass: boolean): Promise<ClassProbabilities> {
    const [foreground, planes] = tf.tidy(() => {
      const p = classPlanes(network.run(input));
      const any = classCount === 1 ? p : activation === 'softmax' ? p.sum(1).clipByValue(0, 1) : p.max(1);
      return [any.reshape([size * size]), perClass && classCount > 1 ? p.transpose() : null] as const;
    });
    try {
      const [fg, cls] = await Promise.all([foreground.data() as Promise<Float32Array>, (planes?.data() ?? null) as Promise<Float32Array> | null]);
      return { foreground: fg, classes: cls };
    } finally {
      foreground.dispose();
      planes?.dispose();
    }
  }

  async function onInput<T>(data: Float32Array, apply: (input: tf.Tensor4D) => Promise<T>): Promise<T> {
    if (data.length !== size * size * channels) {
      throw new ModelShapeError(`input has ${data.length} values; the model needs ${size}×${size}×${channels}`);
    }
    const input = tf.tensor4d(data, [1, size, size, channels]);
    try {
      return await apply(input);
    } finally {
      input.dispose();
    }
  }

  return {
    kind: network.kind,
    spec,
    metadata,
    outputChannels,
    activation,
    classes,
    parameterCount: network.parameterCount,
    layers: network.layers,
    async predict(data) {
      return (await onInput(data, (input) => run(input, false))).foreground;
    },
    predictClasses(data) {
      return onInput(data, (input) => run(input, true));
    },
    async warmUp() {
      const started = performance.now();
      const zeros = tf.zeros([1, size, size, channels]) as tf.Tensor4D;
      try {
        await compileInParallel(() => tf.tidy(() => void network.run(zeros)));
        await run(zeros, classes.length > 1);
      } finally {
        zeros.dispose();
      }
      return performance.now() - started;
    },
    withMetadata(next) {
      return wrap(network, next);
    },
    dispose() {
      network.dispose();
    },
  };
}

interface Owned {
  readonly inputs: readonly unknown[];
  readonly outputs: readonly unknown[];
  predict(input: tf.Tensor): tf.Tensor | tf.Tensor[] | tf.NamedTensorMap;
  dispose(): void;
}

/**
 * Wraps a loaded model it then owns: checks it has one input and one output, describes it, and
 * disposes it if anything is refused, so a rejected model leaves nothing behind.
 */
function wrapOwned(
  model: Owned,
  what: string,
  describeNetwork: () => Pick<Network, 'kind' | 'inputShape' | 'outputShape' | 'parameterCount' | 'layers' | 'lastActivation'>,
  metadata: ModelMetadata,
  inference: (() => { predict(input: tf.Tensor): tf.Tensor; dispose(): void }) | null = null,
): SegmentationModel {
  let runner: { predict(input: tf.Tensor): unknown; dispose(): void } = model;
  try {
    if (model.inputs.length !== 1 || model.outputs.length !== 1) {
      throw new ModelShapeError(`the ${what} has ${model.inputs.length} inputs and ${model.outputs.length} outputs; a segmentation model needs one of each`);
    }
    runner = inference?.() ?? model;
    return wrap(
      {
        ...describeNetwork(),
        run: (input) => runner.predict(input) as tf.Tensor4D,
        dispose: () => {
          if (runner !== model) runner.dispose();
          model.dispose();
        },
      },
      metadata,
    );
  } catch (e) {
    if (runner !== model) runner.dispose();
    model.dispose();
    throw e;
  }
}

/**
 * The activation the output comes out of: the output layer's own (a Conv2D with
 * `activation: 'softmax'`), else a separate Activation/Softmax layer's.
 */
function lastActivationOf(model: tf.LayersModel): string | null {
  const last = model.layers[model.layers.length - 1];
  if (!last) return null;
  const config = last.getConfig() as { activation?: unknown };
  if (last.getClassName() === 'Softmax') return 'softmax';
  return typeof config.activation === 'string' && config.activation !== 'linear' ? config.activation : null;
}

/**
 * Wraps an already loaded layers model (which it then owns and disposes, also on refusal).
 * Predictions run through the inference network (inferenceNetwork.ts: conv → BatchNorm (→ ReLU)
 * chains folded into single fused convolutions, up-sampling + 2×2 convolution fused; the same
 * probabilities to float32 rounding on every backend — within 1e-4 on random BatchNorm statistics
 * in its test, 2–4e-4 measured after Adam epochs on WASM — and weights follow fine-tuning);
 * `layers` stays the model as it is, for training and saving.
 */
export function wrapLayersModel(model: tf.LayersModel, metadata: ModelMetadata): SegmentationModel {
  return wrapOwned(
    model,
    'model',
    () => ({
      kind: 'layers',
      inputShape: model.inputs[0].shape,
      outputShape: model.outputs[0].shape,
      parameterCount: model.countParams(),
      layers: model,
      lastActivation: lastActivationOf(model),
    }),
    metadata,
    () => inferenceNetwork(model),
  );
}

/** Wraps a graph model; its shapes come from the converter's signature. */
export function wrapGraphModel(model: tf.GraphModel, metadata: ModelMetadata): SegmentationModel {
  const shapeOf = (info: tf.ModelTensorInfo[]) => (info[0]?.shape ?? []).map((d) => (d === -1 ? null : d));
  return wrapOwned(
    model,
    'graph',
    () => {
      let parameterCount = 0;
      for (const t of Object.values(model.weights)) parameterCount += t.reduce((sum, w) => sum + w.size, 0);
      const inputShape = shapeOf(model.inputs);
      let outputShape = shapeOf(model.outputs);
      if (outputShape.length !== 4 && inputShape.length === 4 && inputShape.slice(1).every((d) => d !== null && d > 0)) {
        // Converters do not always record the output's shape: run the graph once to learn it.
        const probe = tf.tidy(() => (model.predict(tf.zeros([1, ...(inputShape.slice(1) as number[])])) as tf.Tensor).shape);
        outputShape = [null, ...probe.slice(1)];
      }
      return { kind: 'graph', inputShape, outputShape, parameterCount, layers: null, lastActivation: null };
    },
    metadata,
  );
}
