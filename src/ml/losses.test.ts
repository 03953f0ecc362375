import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryCrossEntropy, categoricalCrossEntropy, LOSSES, multiClassDiceLoss, segmentationLoss, softDiceLoss } from './losses';
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
    expect(() => segmentationLoss('focal' as LossName, y, p)).toThrow('unknown loss "focal"; use bce+dice or dice or ce+dice');
  });
  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    value(segmentationLoss('bce+dice', y, p));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('multi-class losses on known inputs (two pixels, three classes)', () => {
  // Pixel 0 is background, pixel 1 is class 2.
  const y = tf.tensor4d([1, 0, 0, 0, 0, 1], [1, 1, 2, 3]);
  const p = tf.tensor4d([0.7, 0.2, 0.1, 0.1, 0.3, 0.6], [1, 1, 2, 3]);
  // Class 1: Σyp = 0, Σy = 0, Σp = 0.5 → 1 / 1.5; class 2: Σyp = 0.6, Σy = 1, Σp = 0.7 → 2.2 / 2.7.
  const dice1 = 1 / 1.5;
  const dice2 = 2.2 / 2.7;
  const ce = -(Math.log(0.7) + Math.log(0.6)) / 2;

  it('categorical cross-entropy: −mean over pixels of Σ_c y_c log p_c', () => {
    expect(value(categoricalCrossEntropy(y, p))).toBeCloseTo(ce, 6);
  });
  it('weighted cross-entropy: each pixel by its true class weight, over the sum of those weights', () => {
    expect(value(categoricalCrossEntropy(y, p, [1, 2, 3]))).toBeCloseTo((-Math.log(0.7) - 3 * Math.log(0.6)) / 4, 6);
  });
  it('multi-class soft Dice: 1 − the mean over the foreground classes (background left out)', () => {
    expect(value(multiClassDiceLoss(y, p))).toBeCloseTo(1 - (dice1 + dice2) / 2, 6);
    expect(value(multiClassDiceLoss(y, p, [5, 2, 3]))).toBeCloseTo(1 - (2 * dice1 + 3 * dice2) / 5, 6);
  });
  it('ce+dice is their sum, a perfect prediction scores ~0, and bad weights are refused', () => {
    expect(value(segmentationLoss('ce+dice', y, p))).toBeCloseTo(ce + 1 - (dice1 + dice2) / 2, 5);
    // Class 1 is absent from both: its smoothed Dice is 1, so a perfect prediction scores 0.
    expect(value(segmentationLoss('ce+dice', y, y))).toBeLessThan(1e-5);
    expect(() => segmentationLoss('ce+dice', y, p, [1, 1])).toThrow('class weights must be 3 non-negative numbers');
    expect(() => segmentationLoss('ce+dice', y, p, [0, 0, 0])).toThrow('not all 0');
  });
  it('on a one-channel sigmoid output ce+dice is bce+dice, and dice is the binary soft Dice', () => {
    const yb = t([1, 1, 0, 0]);
    const pb = t([0.9, 0.6, 0.2, 0.1]);
    expect(value(segmentationLoss('ce+dice', yb, pb))).toBeCloseTo(value(segmentationLoss('bce+dice', yb, pb)), 6);
    expect(value(segmentationLoss('dice', yb, pb))).toBeCloseTo(1 - 4 / 4.8, 6);
  });
  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    value(segmentationLoss('ce+dice', y, p, [1, 2, 3]));
    value(segmentationLoss('bce+dice', y, p));
    expect(tf.memory().numTensors).toBe(before);
  });
});
