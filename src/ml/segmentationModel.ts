/**
 * A loaded U-Net behind a small interface: its input spec, `predict` from typed arrays to a
 * foreground-probability grid, `warmUp`, `dispose`. Tensors never leave this module.
 *
 * The input must be square ([null, N, N, C], C = 1 or 3); the output [null, N, N, 1] is taken
 * as a sigmoid probability and [null, N, N, 2] as a two-class softmax whose class 1 is the
 * foreground. Anything else is refused with the shape named. Layers models can be trained and
 * saved; graph models (frozen TensorFlow graphs) only run.
 */
import * as tf from '@tensorflow/tfjs';
import { type InputSpec } from '../image/modelInput';
import { type ModelMetadata } from '../model/metadata';
import { inferenceNetwork } from './foldBatchNorm';

export class ModelShapeError extends Error {}

export type ModelKind = 'layers' | 'graph';

export interface SegmentationModel {
  readonly kind: ModelKind;
  readonly spec: InputSpec;
  readonly metadata: ModelMetadata;
  readonly outputChannels: 1 | 2;
  readonly parameterCount: number;
  /** The layers model itself, for training and saving; null for graph models. */
  readonly layers: tf.LayersModel | null;
  /** Foreground probability per pixel of the model's grid, row-major, size × size. */
  predict(input: Float32Array): Promise<Float32Array>;
  /** Runs the model once on zeros so shaders compile now, not on the user's first image. */
  warmUp(): Promise<number>;
  /** Same network, other settings (intensity, threshold…); shares the weights. */
  withMetadata(metadata: ModelMetadata): SegmentationModel;
  dispose(): void;
}

function describe(shape: readonly (number | null | undefined)[]): string {
  return `[${shape.map((d) => (d === null || d === undefined || d === -1 ? 'null' : d)).join(', ')}]`;
}

export function checkShapes(
  input: readonly (number | null)[],
  output: readonly (number | null)[],
): { size: number; channels: 1 | 3; outputChannels: 1 | 2 } {
  const [, h, w, c] = input;
  if (input.length !== 4 || !h || !w || h !== w || (c !== 1 && c !== 3)) {
    throw new ModelShapeError(`input shape ${describe(input)} is not usable: expected [null, N, N, 1] or [null, N, N, 3]`);
  }
  const [, oh, ow, oc] = output;
  if (output.length !== 4 || oh !== h || ow !== w || (oc !== 1 && oc !== 2)) {
    throw new ModelShapeError(
      `output shape ${describe(output)} is not usable: expected [null, ${h}, ${w}, 1] (sigmoid) or [null, ${h}, ${w}, 2] (softmax)`,
    );
  }
  return { size: h, channels: c, outputChannels: oc };
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
  run(input: tf.Tensor4D): tf.Tensor4D;
  dispose(): void;
}

function wrap(network: Network, metadata: ModelMetadata): SegmentationModel {
  const { size, channels, outputChannels } = checkShapes(network.inputShape, network.outputShape);
  const spec: InputSpec = { size, channels, intensity: metadata.intensity };

  async function run(input: tf.Tensor4D): Promise<Float32Array> {
    const foreground = tf.tidy(() => {
      const out = network.run(input);
      const fg = outputChannels === 2 ? out.slice([0, 0, 0, 1], [1, size, size, 1]) : out;
      return fg.clipByValue(0, 1).reshape([size * size]);
    });
    try {
      return (await foreground.data()) as Float32Array;
    } finally {
      foreground.dispose();
    }
  }

  return {
    kind: network.kind,
    spec,
    metadata,
    outputChannels,
    parameterCount: network.parameterCount,
    layers: network.layers,
    async predict(data) {
      if (data.length !== size * size * channels) {
        throw new ModelShapeError(`input has ${data.length} values; the model needs ${size}×${size}×${channels}`);
      }
      const input = tf.tensor4d(data, [1, size, size, channels]);
      try {
        return await run(input);
      } finally {
        input.dispose();
      }
    },
    async warmUp() {
      const started = performance.now();
      const zeros = tf.zeros([1, size, size, channels]) as tf.Tensor4D;
      try {
        await compileInParallel(() => tf.tidy(() => void network.run(zeros)));
        await run(zeros);
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
  describeNetwork: () => Pick<Network, 'kind' | 'inputShape' | 'outputShape' | 'parameterCount' | 'layers'>,
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
 * Wraps an already loaded layers model (which it then owns and disposes, also on refusal).
 * Predictions run with conv → BatchNorm (→ ReLU) chains folded into single fused convolutions
 * (foldBatchNorm.ts: same probabilities to 1e-4, on every backend; weights follow fine-tuning);
 * `layers` stays the unfolded model, for training and saving.
 */
export function wrapLayersModel(model: tf.LayersModel, metadata: ModelMetadata): SegmentationModel {
  return wrapOwned(
    model,
    'model',
    () => ({ kind: 'layers', inputShape: model.inputs[0].shape, outputShape: model.outputs[0].shape, parameterCount: model.countParams(), layers: model }),
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
      return { kind: 'graph', inputShape, outputShape, parameterCount, layers: null };
    },
    metadata,
  );
}
