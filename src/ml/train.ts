/**
 * Training a layers model on image/mask pairs: Adam, BCE + soft Dice (or Dice alone) for a binary
 * model, categorical cross-entropy + mean soft Dice for a multi-class one (masks are class indices,
 * one-hot encoded here on the backend), augmentation on the backend, optional frozen encoder, a
 * validation Dice per class per epoch, and a stop
 * that takes effect after the current batch. Every batch runs inside `tf.tidy`, so the tensor
 * count is the same after any number of epochs and runs (tested).
 */
import * as tf from '@tensorflow/tfjs';
import './kernels/cpuBatchFixes';
import { augmentBatch, seededRandom } from './augment';
import { segmentationLoss } from './losses';
import { meanOf, outputChannels, validationDicePerClass } from './validation';
import { type EpochReport, type LossName, type TrainCallbacks, type TrainData, type TrainOptions } from '../model/trainTypes';


export class TrainingError extends Error {}

/** Why the running backend cannot train, or null. TF.js's WASM backend has no Conv2DBackpropFilter (tfjs#8474). */
export function trainingUnsupported(): string | null {
  const backend = tf.getBackend();
  if (tf.getKernel('Conv2DBackpropFilter', backend)) return null;
  return `the ${backend.toUpperCase()} backend cannot train (TF.js has no Conv2DBackpropFilter kernel for it, tfjs#8474); open the page in a browser with WebGPU or WebGL, or with ?backend=webgl`;
}

/** Layers before the network's deepest (smallest) feature map: the encoder of a U-Net. */
export function encoderLayers(model: tf.LayersModel): Set<string> {
  const spatial = model.layers.map((l) => {
    const shape = l.outputShape as (number | null)[];
    return Array.isArray(shape) && typeof shape[1] === 'number' ? shape[1] : Infinity;
  });
  const deepest = Math.min(...spatial);
  const first = spatial.indexOf(deepest);
  return new Set(model.layers.slice(0, first).map((l) => l.name));
}

function trainableVariables(model: tf.LayersModel, freezeEncoder: boolean): tf.Variable[] {
  const frozen = freezeEncoder ? encoderLayers(model) : new Set<string>();
  return model.layers
    .filter((l) => !frozen.has(l.name))
    .flatMap((l) => l.trainableWeights)
    .map((w) => w.read() as tf.Variable);
}

function shuffled(indices: readonly number[], random: () => number): number[] {
  const out = [...indices];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** Mean hard Dice over the foreground classes (binary: at threshold 0.5) of the given samples; null without any. */
export async function meanDice(model: tf.LayersModel, xs: tf.Tensor4D, ys: tf.Tensor4D, indices: readonly number[], batchSize: number, classes = 2): Promise<number | null> {
  return meanOf(await validationDicePerClass(model, xs, ys, indices, batchSize, classes));
}

/**
 * The loss's target for masks of class indices [N, H, W, 1] and a model with `channels` output
 * channels: the masks themselves for a one-channel sigmoid model, else their one-hot encoding
 * [N, H, W, channels] (a two-channel softmax binary model gets [background, foreground]). A new
 * tensor (or `masks` itself) inside the caller's tidy.
 */
export function lossTargets(masks: tf.Tensor4D, channels: number): tf.Tensor4D {
  if (channels === 1) return masks;
  return tf.tidy(() => tf.cast(tf.equal(masks, tf.reshape(tf.range(0, channels, 1, 'float32'), [1, 1, 1, channels])), 'float32') as tf.Tensor4D);
}

/**
 * Checks that the model's output suits `classes` (background included): one sigmoid channel or
 * two softmax channels for a binary model, C channels for C > 2.
 */
export function checkClasses(model: tf.LayersModel, classes: number): void {
  if (!Number.isInteger(classes) || classes < 2) throw new TrainingError(`classes must be 2 or more (background included), not ${classes}`);
  const channels = outputChannels(model);
  if (channels === classes || (channels === 1 && classes === 2)) return;
  throw new TrainingError(
    `the model has ${channels} output channel${channels === 1 ? '' : 's'} but the masks have ${classes} classes (background included), which need ${classes === 2 ? '1 or 2' : classes}`,
  );
}

export async function fineTune(model: tf.LayersModel, data: TrainData, options: TrainOptions, callbacks: TrainCallbacks): Promise<{ epochs: EpochReport[]; stopped: boolean }> {
  if (data.train.length === 0) throw new TrainingError('no training pairs: at least one image with a mask must be in the training split');
  checkClasses(model, data.classes);
  const channels = outputChannels(model);
  const xs = tf.tensor4d(data.images, [data.count, data.size, data.size, data.channels]);
  const ys = tf.tensor4d(data.masks, [data.count, data.size, data.size, 1]);
  const optimizer = tf.train.adam(options.learningRate);
  const variables = trainableVariables(model, options.freezeEncoder);
  const random = seededRandom(options.seed);
  const batches = Math.ceil(data.train.length / options.batchSize);
  const reports: EpochReport[] = [];
  const started = performance.now();
  let stopped = false;
  try {
    for (let epoch = 1; epoch <= options.epochs && !stopped; epoch++) {
      const epochStart = performance.now();
      const order = shuffled(data.train, random);
      let lossSum = 0;
      let seen = 0;
      let batchesRun = 0;
      for (let b = 0; b < batches; b++) {
        const batch = order.slice(b * options.batchSize, (b + 1) * options.batchSize);
        const cost = optimizer.minimize(
          () =>
            tf.tidy(() => {
              const idx = tf.tensor1d(batch, 'int32');
              const augmented = augmentBatch(tf.gather(xs, idx), tf.gather(ys, idx), options.augmentation, random);
              const p = model.apply(augmented.images, { training: true }) as tf.Tensor;
              return segmentationLoss(options.loss, lossTargets(augmented.masks, channels), p, options.classWeights);
            }),
          true,
          variables,
        );
        const loss = cost ? (await cost.data())[0] : NaN;
        cost?.dispose();
        if (!Number.isFinite(loss)) throw new TrainingError('the loss became NaN (training diverged): try a lower learning rate');
        lossSum += loss * batch.length;
        seen += batch.length;
        batchesRun++;
        callbacks.onBatch?.({ epoch, batch: b + 1, batches, loss, elapsedMs: performance.now() - started });
        if (callbacks.shouldStop()) {
          stopped = true;
          break;
        }
      }
      if (seen === 0) break;
      const perClass = await validationDicePerClass(model, xs, ys, data.validation, options.batchSize, data.classes);
      const report: EpochReport = {
        epoch,
        trainLoss: lossSum / seen,
        validationDice: meanOf(perClass),
        validationDicePerClass: perClass,
        seconds: (performance.now() - epochStart) / 1000,
        batchesRun,
        batches,
      };
      reports.push(report);
      await callbacks.onEpoch?.(report);
    }
  } finally {
    tf.dispose([xs, ys]);
    optimizer.dispose();
  }
  return { epochs: reports, stopped };
}

/**
 * Milliseconds of one training step's forward and backward pass at `batchSize` (the gradients of
 * every trainable weight, on blank input), measured on the running backend after one untimed pass
 * that compiles the kernels. The weights are not changed (no optimizer step — Adam's update is a
 * small part of a step — and BatchNorm's moving statistics are restored). For the estimate the training panel shows before a run.
 */
export async function timeTrainingStep(model: tf.LayersModel, batchSize: number, loss: LossName): Promise<number> {
  const [, size, , channels] = model.inputs[0].shape as number[];
  const outputs = outputChannels(model);
  const x = tf.zeros([batchSize, size, size, channels]);
  const y = tf.tidy(() =>
    outputs === 1
      ? tf.ones([batchSize, size, size, 1]).mul(tf.randomUniform([batchSize, size, size, 1]).greater(0.5))
      : lossTargets(tf.floor(tf.randomUniform([batchSize, size, size, 1], 0, outputs)) as tf.Tensor4D, outputs),
  );
  const pass = async () => {
    const { value, grads } = tf.variableGrads(() => segmentationLoss(loss, y, model.apply(x, { training: true }) as tf.Tensor), model.trainableWeights.map((w) => w.read() as tf.Variable));
    await value.data();
    for (const g of Object.values(grads)) await g.data();
    tf.dispose([value, ...Object.values(grads)]);
  };
  // Training-mode BatchNorm updates its moving statistics on every pass: put them back after.
  const statistics = model.nonTrainableWeights.map((w) => tf.clone(w.read()));
  try {
    await pass();
    const start = performance.now();
    await pass();
    return performance.now() - start;
  } finally {
    model.nonTrainableWeights.forEach((w, i) => w.write(statistics[i]));
    tf.dispose([x, y, ...statistics]);
  }
}

