import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { labelsOf, meanOf, predictLabelMaps, validationDicePerClass } from './validation';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A "model" that returns its input: the probabilities to score are the images. */
function identity(size: number, channels: number): tf.LayersModel {
  return tf.sequential({ layers: [tf.layers.activation({ activation: 'linear', inputShape: [size, size, channels] })] });
}

describe('validationDicePerClass', () => {
  it('scores the argmax per foreground class, per sample, then averages over samples', async () => {
    // Two 1×4 samples, three classes; probabilities chosen so the argmax is the listed labels.
    const predicted = [
      [0, 1, 1, 2],
      [0, 0, 2, 2],
    ];
    const truth = [
      [0, 1, 2, 2],
      [0, 0, 0, 0],
    ];
    const probs = predicted.flat().flatMap((k) => [0, 1, 2].map((c) => (c === k ? 0.8 : 0.1)));
    const xs = tf.tensor4d(probs, [2, 1, 4, 3]);
    const ys = tf.tensor4d(truth.flat(), [2, 1, 4, 1]);
    const m = tf.sequential({ layers: [tf.layers.activation({ activation: 'linear', inputShape: [1, 4, 3] })] });
    const before = tf.memory().numTensors;
    const perClass = await validationDicePerClass(m, xs, ys, [0, 1], 1, 3);
    expect(tf.memory().numTensors).toBe(before);
    // Class 1: sample 0 2·1/(2+1) = 2/3, sample 1 both empty = 1 → 5/6.
    // Class 2: sample 0 2·1/(1+2) = 2/3, sample 1 2·0/(2+0) = 0 → 1/3.
    expect(perClass?.[0]).toBeCloseTo(5 / 6, 6);
    expect(perClass?.[1]).toBeCloseTo(1 / 3, 6);
    expect(meanOf(perClass)).toBeCloseTo((5 / 6 + 1 / 3) / 2, 6);
    expect(await validationDicePerClass(m, xs, ys, [], 1, 3)).toBeNull();
    tf.dispose([xs, ys]);
    m.dispose();
  });

  it('binary: threshold 0.5 of one channel, one entry', async () => {
    const xs = tf.tensor4d([0.9, 0.6, 0.4, 0.1], [1, 1, 4, 1]);
    const ys = tf.tensor4d([1, 0, 1, 0], [1, 1, 4, 1]);
    const m = tf.sequential({ layers: [tf.layers.activation({ activation: 'linear', inputShape: [1, 4, 1] })] });
    // Predicted 1,1,0,0 vs 1,0,1,0 → 2·1/(2+2).
    expect(await validationDicePerClass(m, xs, ys, [0], 4, 2)).toEqual([0.5]);
    tf.dispose([xs, ys]);
    m.dispose();
  });
});

describe('labelsOf and predictLabelMaps', () => {
  it('give class indices: argmax of C channels, threshold of one', async () => {
    const p = tf.tensor4d([0.2, 0.7, 0.1, 0.1, 0.1, 0.8], [1, 1, 2, 3]);
    const labels = labelsOf(p);
    expect(Array.from(labels.dataSync())).toEqual([1, 2]);
    const one = tf.tensor4d([0.3, 0.5], [1, 1, 2, 1]);
    const binary = labelsOf(one);
    expect(Array.from(binary.dataSync())).toEqual([0, 1]);
    tf.dispose([p, labels, one, binary]);

    const model = identity(2, 3);
    const images = new Float32Array(2 * 4 * 3);
    // Sample 1: pixel k has class k % 3.
    for (let k = 0; k < 4; k++) images[12 + k * 3 + (k % 3)] = 1;
    const before = tf.memory().numTensors;
    const maps = await predictLabelMaps(model, images, { count: 2, size: 2, channels: 3 }, [1], 4);
    expect(tf.memory().numTensors).toBe(before);
    expect(maps.map((m) => Array.from(m))).toEqual([[0, 1, 2, 0]]);
    model.dispose();
  });
});
