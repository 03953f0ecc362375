/**
 * Segmentation losses for training, on the model's output `p` and the target `y` in the same
 * shape: a one-channel sigmoid model's probabilities against 0/1 masks ([batch, H, W, 1]), or a
 * C-channel softmax model's class probabilities against one-hot masks ([batch, H, W, C], class 0 =
 * background). Soft Dice is computed over the whole batch (the tutorial's `dice_coef` with
 * smoothing 1) — per foreground class and averaged for a multi-class model; cross-entropy is
 * averaged over pixels.
 */
import * as tf from '@tensorflow/tfjs';

import { type LossName } from '../model/trainTypes';


const EPSILON = 1e-7;
const SMOOTH = 1;

/** Optional per-class weights, background first (see TrainOptions.classWeights). */
export type ClassWeights = readonly number[] | undefined;

function channelsOf(t: tf.Tensor): number {
  return t.shape[t.rank - 1] as number;
}

export function softDiceLoss(y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const intersection = tf.sum(tf.mul(y, p));
    const dice = tf.div(tf.add(tf.mul(2, intersection), SMOOTH), tf.add(tf.add(tf.sum(y), tf.sum(p)), SMOOTH));
    return tf.sub(1, dice) as tf.Scalar;
  });
}

export function binaryCrossEntropy(y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const q = tf.clipByValue(p, EPSILON, 1 - EPSILON);
    const terms = tf.add(tf.mul(y, tf.log(q)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, q))));
    return tf.neg(tf.mean(terms)) as tf.Scalar;
  });
}

function checkWeights(weights: ClassWeights, classes: number): void {
  if (weights && (weights.length !== classes || weights.some((w) => !(w >= 0)) || weights.every((w) => w === 0))) {
    throw new Error(`class weights must be ${classes} non-negative numbers (background first), not all 0; got [${weights.join(', ')}]`);
  }
}

/**
 * Categorical cross-entropy of one-hot `y` and softmax `p` ([..., C]): the mean over pixels of
 * −Σ_c y_c·log p_c; with weights, each pixel counts with its true class's weight and the sum is
 * divided by the sum of those weights (as PyTorch's weighted `cross_entropy`). One channel: BCE.
 */
export function categoricalCrossEntropy(y: tf.Tensor, p: tf.Tensor, weights?: ClassWeights): tf.Scalar {
  const classes = channelsOf(p);
  if (classes === 1) return binaryCrossEntropy(y, p);
  checkWeights(weights, classes);
  return tf.tidy(() => {
    const last = p.rank - 1;
    const perPixel = tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, EPSILON, 1))), last));
    if (!weights) return tf.mean(perPixel) as tf.Scalar;
    const w = tf.sum(tf.mul(y, tf.tensor1d([...weights])), last);
    return tf.div(tf.sum(tf.mul(w, perPixel)), tf.maximum(tf.sum(w), EPSILON)) as tf.Scalar;
  });
}

/**
 * 1 − the (weighted) mean over the foreground classes 1 … C − 1 of each class's soft Dice over the
 * batch, (2·Σ y_c·p_c + 1) / (Σ y_c + Σ p_c + 1). One channel: `softDiceLoss`.
 */
export function multiClassDiceLoss(y: tf.Tensor, p: tf.Tensor, weights?: ClassWeights): tf.Scalar {
  const classes = channelsOf(p);
  if (classes === 1) return softDiceLoss(y, p);
  checkWeights(weights, classes);
  return tf.tidy(() => {
    const begin = [...Array(p.rank - 1).fill(0), 1];
    const size = [...Array(p.rank - 1).fill(-1), classes - 1];
    const yf = tf.slice(y, begin, size);
    const pf = tf.slice(p, begin, size);
    const axes = Array.from({ length: p.rank - 1 }, (_, i) => i);
    const intersection = tf.sum(tf.mul(yf, pf), axes);
    const dice = tf.div(tf.add(tf.mul(2, intersection), SMOOTH), tf.add(tf.add(tf.sum(yf, axes), tf.sum(pf, axes)), SMOOTH));
    const fg = weights ? weights.slice(1) : Array<number>(classes - 1).fill(1);
    const total = fg.reduce((a, b) => a + b, 0);
    const mean = total > 0 ? tf.div(tf.sum(tf.mul(dice, tf.tensor1d(fg))), total) : tf.mean(dice);
    return tf.sub(1, mean) as tf.Scalar;
  });
}

/** One function per loss name: a name added to `LOSS_NAMES` without one here does not compile. */
export const LOSSES: Readonly<Record<LossName, (y: tf.Tensor, p: tf.Tensor, weights?: ClassWeights) => tf.Scalar>> = {
  'bce+dice': (y, p, weights) => tf.add(binaryCrossEntropy(y, p), multiClassDiceLoss(y, p, weights)) as tf.Scalar,
  dice: multiClassDiceLoss,
  'ce+dice': (y, p, weights) => tf.add(categoricalCrossEntropy(y, p, weights), multiClassDiceLoss(y, p, weights)) as tf.Scalar,
};

/** The loss `name` of target `y` and output `p` (same shape); a new scalar the caller disposes. */
export function segmentationLoss(name: LossName, y: tf.Tensor, p: tf.Tensor, weights?: ClassWeights): tf.Scalar {
  const loss = Object.hasOwn(LOSSES, name) ? LOSSES[name] : undefined;
  if (!loss) throw new Error(`unknown loss "${String(name)}"; use ${Object.keys(LOSSES).join(' or ')}`);
  return tf.tidy(() => loss(y, p, weights));
}
