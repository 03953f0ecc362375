import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossEntropy, LOSSES, segmentationLoss, softDiceLoss } from './losses';
import { isLossName, LOSS_NAMES, type LossName } from '../model/trainTypes';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const t = (values: number[]) => tf.tensor4d(values, [1, 1, values.length, 1]);
const value = (s: tf.Scalar) => {
  const v = s.dataSync()[0];
  s.dispose();
  return v;
};

describe('losses on known inputs', () => {
  const y = t([1, 1, 0, 0]);
  const p = t([0.9, 0.6, 0.2, 0.1]);
  it('soft Dice: 1 − (2·Σyp + 1) / (Σy + Σp + 1)', () => {
    // Σyp = 1.5, Σy = 2, Σp = 1.8 → 1 − 4/4.8
    expect(value(softDiceLoss(y, p))).toBeCloseTo(1 - 4 / 4.8, 6);
  });
  it('binary cross-entropy: −mean(y log p + (1 − y) log(1 − p))', () => {
    const expected = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.8) + Math.log(0.9)) / 4;
    expect(value(binaryCrossEntropy(y, p))).toBeCloseTo(expected, 6);
  });
  it('BCE + Dice is their sum; a perfect prediction scores ~0', () => {
    expect(value(segmentationLoss('bce+dice', y, p))).toBeCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.8) + Math.log(0.9)) / 4 + 1 - 4 / 4.8, 5);
    expect(value(segmentationLoss('dice', y, y))).toBeCloseTo(0, 6);
    expect(value(segmentationLoss('bce+dice', y, y))).toBeLessThan(1e-5);
  });
  it('has one function per loss name, and refuses any other name instead of falling back', () => {
    expect(Object.keys(LOSSES).sort()).toEqual([...LOSS_NAMES].sort());
    expect(LOSS_NAMES.every(isLossName)).toBe(true);
    expect(isLossName('focal')).toBe(false);
    expect(() => segmentationLoss('focal' as LossName, y, p)).toThrow('unknown loss "focal"; use bce+dice or dice');
  });
  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    value(segmentationLoss('bce+dice', y, p));
    expect(tf.memory().numTensors).toBe(before);
  });
});
