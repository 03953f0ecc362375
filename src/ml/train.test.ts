import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { NO_AUGMENTATION, DEFAULT_AUGMENTATION } from '../model/augmentOptions';
import { type TrainData } from '../model/trainTypes';
import { checkClasses, encoderLayers, fineTune, lossTargets, timeTrainingStep } from './train';
import { buildUnet } from './unet';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SIZE = 16;
/** Discs of varying position and radius on noise: learnable in a few steps. */
function discs(count: number): TrainData {
  const images = new Float32Array(count * SIZE * SIZE);
  const masks = new Float32Array(count * SIZE * SIZE);
  for (let n = 0; n < count; n++) {
    const cx = 5 + (n % 5);
    const cy = 5 + ((n * 3) % 6);
    const r = 3 + (n % 3);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
        const i = n * SIZE * SIZE + y * SIZE + x;
        masks[i] = inside ? 1 : 0;
        images[i] = (inside ? 0.8 : 0.2) + (((i * 7919) % 100) / 100 - 0.5) * 0.1;
      }
    }
  }
  return { images, masks, count, size: SIZE, channels: 1, classes: 2, train: [0, 1, 2, 3, 4, 5], validation: [6, 7] };
}

const options = { epochs: 8, batchSize: 3, learningRate: 0.01, loss: 'bce+dice' as const, freezeEncoder: false, augmentation: NO_AUGMENTATION, seed: 1 };

describe('fineTune', () => {
  it('lowers the loss of a tiny U-Net on generated data in a few steps', async () => {
    const model = buildUnet({ size: SIZE, channels: 1, base: 4, depth: 1, batchNorm: true, seed: 2 });
    const { epochs, stopped } = await fineTune(model, discs(8), options, { shouldStop: () => false });
    expect(stopped).toBe(false);
    expect(epochs).toHaveLength(8);
    expect(epochs[7].trainLoss).toBeLessThan(epochs[0].trainLoss * 0.8);
    expect(epochs[7].validationDice).toBeGreaterThan(0);
    model.dispose();
  });

  it('keeps the tensor count flat across epochs and repeated runs, with augmentation', async () => {
    const model = buildUnet({ size: SIZE, channels: 1, base: 2, depth: 1, batchNorm: true, seed: 3 });
    const counts: number[] = [];
    for (let run = 0; run < 2; run++) {
      await fineTune(model, discs(8), { ...options, epochs: 3, augmentation: DEFAULT_AUGMENTATION }, {
        shouldStop: () => false,
        onEpoch: () => {
          counts.push(tf.memory().numTensors);
        },
      });
    }
    expect(new Set(counts).size).toBe(1);
    model.dispose();
  });

  it('stops within one batch and can freeze the encoder', async () => {
    const model = buildUnet({ size: SIZE, channels: 1, base: 2, depth: 1, seed: 4 });
    const encoder = encoderLayers(model);
    expect([...encoder]).toEqual(['image', 'enc0_a', 'enc0_b']);
    const before = model.getLayer('enc0_a').getWeights()[0].dataSync().slice();
    let batches = 0;
    const { epochs, stopped } = await fineTune(model, discs(8), { ...options, batchSize: 2, freezeEncoder: true }, {
      onBatch: () => batches++,
      shouldStop: () => batches >= 2,
    });
    expect(stopped).toBe(true);
    expect(batches).toBe(2);
    expect(epochs).toHaveLength(1);
    expect(Array.from(model.getLayer('enc0_a').getWeights()[0].dataSync())).toEqual(Array.from(before));
    model.dispose();
  });
});

describe('timeTrainingStep', () => {
  it('times a forward and backward pass without changing the weights or leaving tensors', async () => {
    const model = buildUnet({ size: 32, channels: 1, base: 2, depth: 1, batchNorm: true, seed: 5 });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    await timeTrainingStep(model, 2, 'bce+dice');
    const tensors = tf.memory().numTensors;
    const ms = await timeTrainingStep(model, 2, 'bce+dice');
    expect(ms).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
    model.dispose();
  });
});

const SIZE3 = 32;
/** Two classes on noise: a bright disc (class 2) and a dim bar (class 1), moving from sample to sample. */
function discAndBar(count: number): TrainData {
  const n = SIZE3 * SIZE3;
  const images = new Float32Array(count * n);
  const masks = new Float32Array(count * n);
  for (let s = 0; s < count; s++) {
    const cx = 18 + (s % 6);
    const cy = 12 + ((s * 5) % 9);
    const r = 5 + (s % 3);
    const bar = 3 + (s % 4);
    for (let y = 0; y < SIZE3; y++) {
      for (let x = 0; x < SIZE3; x++) {
        const i = s * n + y * SIZE3 + x;
        const k = (x - cx) ** 2 + (y - cy) ** 2 <= r * r ? 2 : x >= bar && x < bar + 4 && y >= 6 && y < 26 ? 1 : 0;
        masks[i] = k;
        images[i] = [0.1, 0.5, 0.9][k] + (((i * 7919) % 100) / 100 - 0.5) * 0.1;
      }
    }
  }
  return { images, masks, classes: 3, count, size: SIZE3, channels: 1, train: [0, 1, 2, 3, 4, 5], validation: [6, 7] };
}

describe('multi-class training', () => {
  it('one-hot encodes class indices for a softmax head and passes masks through for a sigmoid one', () => {
    const masks = tf.tensor4d([0, 2, 1, 2], [1, 2, 2, 1]);
    const oneHot = lossTargets(masks, 3);
    expect(oneHot.shape).toEqual([1, 2, 2, 3]);
    expect(Array.from(oneHot.dataSync())).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1]);
    expect(lossTargets(masks, 1)).toBe(masks);
    const binary = tf.tensor4d([0, 1], [1, 1, 2, 1]);
    const twoChannel = lossTargets(binary, 2);
    expect(Array.from(twoChannel.dataSync())).toEqual([1, 0, 0, 1]);
    tf.dispose([masks, oneHot, binary, twoChannel]);
  });

  it('refuses data whose classes do not suit the model head', () => {
    const binary = buildUnet({ size: 16, channels: 1, base: 2, depth: 1 });
    const three = buildUnet({ size: 16, channels: 1, base: 2, depth: 1, classes: 3 });
    expect(three.outputs[0].shape).toEqual([null, 16, 16, 3]);
    expect(binary.outputs[0].shape).toEqual([null, 16, 16, 1]);
    expect(() => checkClasses(binary, 3)).toThrow('the model has 1 output channel but the masks have 3 classes');
    expect(() => checkClasses(three, 2)).toThrow('the model has 3 output channels but the masks have 2 classes (background included), which need 1 or 2');
    expect(() => checkClasses(binary, 2)).not.toThrow();
    expect(() => checkClasses(three, 3)).not.toThrow();
    binary.dispose();
    three.dispose();
  });

  it('a tiny 3-class softmax U-Net lowers its loss, reports Dice per class, and keeps the tensor count flat', async () => {
    const model = buildUnet({ size: SIZE3, channels: 1, base: 4, depth: 1, batchNorm: true, seed: 6, classes: 3 });
    const counts: number[] = [];
    const { epochs } = await fineTune(model, discAndBar(8), { ...options, loss: 'ce+dice', epochs: 8, augmentation: DEFAULT_AUGMENTATION }, {
      shouldStop: () => false,
      onEpoch: () => {
        counts.push(tf.memory().numTensors);
      },
    });
    expect(epochs).toHaveLength(8);
    expect(epochs[7].trainLoss).toBeLessThan(epochs[0].trainLoss * 0.8);
    for (const e of epochs) {
      expect(e.validationDicePerClass).toHaveLength(2);
      const [a, b] = e.validationDicePerClass as number[];
      expect(e.validationDice).toBeCloseTo((a + b) / 2, 10);
    }
    expect(new Set(counts).size).toBe(1);
    model.dispose();
  });

  it('binary reports keep one Dice per class, equal to the mean', async () => {
    const model = buildUnet({ size: SIZE, channels: 1, base: 2, depth: 1, seed: 7 });
    const { epochs } = await fineTune(model, discs(8), { ...options, epochs: 1 }, { shouldStop: () => false });
    expect(epochs[0].validationDicePerClass).toEqual([epochs[0].validationDice]);
    model.dispose();
  });

  it('trains a two-channel softmax binary model against [background, foreground] targets', async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [SIZE, SIZE, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 9 }) }),
        tf.layers.conv2d({ filters: 2, kernelSize: 1, activation: 'softmax', kernelInitializer: tf.initializers.heNormal({ seed: 10 }) }),
      ],
    });
    const { epochs } = await fineTune(model, discs(8), { ...options, epochs: 12, learningRate: 0.05 }, { shouldStop: () => false });
    expect(epochs[11].trainLoss).toBeLessThan(epochs[0].trainLoss);
    expect(epochs[11].validationDicePerClass).toHaveLength(1);
    expect(epochs[11].validationDice).toBeGreaterThan(0.7);
    model.dispose();
  });

  it('times a step of a softmax model without leaving tensors', async () => {
    const model = buildUnet({ size: 16, channels: 1, base: 2, depth: 1, seed: 8, classes: 4 });
    await timeTrainingStep(model, 2, 'ce+dice');
    const tensors = tf.memory().numTensors;
    expect(await timeTrainingStep(model, 2, 'ce+dice')).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(tensors);
    model.dispose();
  });
});
