/**
 * A loaded U-Net behind a small interface: its input spec, `predict` from typed arrays to a
 * foreground-probability grid, `warmUp`, `dispose`. Tensors never leave this module.
 *
 * The input must be square ([null, N, N, C], C = 1 or 3); the output [null, N, N, 1] is taken
 * as a sigmoid probability and [null, N, N, 2] as a two-class softmax whose class 1 is the
 * foreground. Anything else is refused with the shape named.
 */
import * as tf from '@tensorflow/tfjs';
import { type InputSpec } from '../image/modelInput';
import { type ModelMetadata } from './metadata';

export class ModelShapeError extends Error {}

export interface SegmentationModel {
  readonly spec: InputSpec;
  readonly metadata: ModelMetadata;
  readonly outputChannels: 1 | 2;
  readonly parameterCount: number;
  /** Foreground probability per pixel of the model's grid, row-major, size × size. */
  predict(input: Float32Array): Promise<Float32Array>;
  /** Runs the model once on zeros so shaders compile now, not on the user's first image. */
  warmUp(): Promise<number>;
  dispose(): void;
}

function describe(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : d)).join(', ')}]`;
}

export function inspectShapes(model: tf.LayersModel): { size: number; channels: 1 | 3; outputChannels: 1 | 2 } {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ModelShapeError(`the model has ${model.inputs.length} inputs and ${model.outputs.length} outputs; a segmentation model needs one of each`);
  }
  const input = model.inputs[0].shape;
  const output = model.outputs[0].shape;
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

/** Wraps an already loaded layers model (which it then owns and disposes). */
export function wrapLayersModel(model: tf.LayersModel, metadata: ModelMetadata): SegmentationModel {
  let shapes;
  try {
    shapes = inspectShapes(model);
  } catch (e) {
    model.dispose();
    throw e;
  }
  const spec: InputSpec = { size: shapes.size, channels: shapes.channels, intensity: metadata.intensity };
  const { size, channels, outputChannels } = shapes;

  async function run(input: tf.Tensor4D): Promise<Float32Array> {
    const foreground = tf.tidy(() => {
      const out = model.predict(input) as tf.Tensor4D;
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
    spec,
    metadata,
    outputChannels,
    parameterCount: model.countParams(),
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
        await compileInParallel(() => tf.tidy(() => void model.predict(zeros)));
        await run(zeros);
      } finally {
        zeros.dispose();
      }
      return performance.now() - started;
    },
    dispose() {
      model.dispose();
    },
  };
}

/** Loads a layers model from a URL or an IOHandler (files, memory) and wraps it. */
export async function loadSegmentationModel(source: string | tf.io.IOHandler, metadata: ModelMetadata): Promise<SegmentationModel> {
  const model = await tf.loadLayersModel(source);
  return wrapLayersModel(model, metadata);
}
