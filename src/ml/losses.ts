/**
 * Segmentation losses for fine-tuning, on sigmoid probabilities `p` and binary targets `y`
 * ([batch, H, W, 1]). Soft Dice is computed over the whole batch (the tutorial's
 * `dice_coef` with smoothing 1), BCE is averaged over pixels; the default is their sum.
 */
import * as tf from '@tensorflow/tfjs';

import { type LossName } from '../model/trainTypes';


const EPSILON = 1e-7;
const SMOOTH = 1;

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

/** One function per loss name: a name added to `LOSS_NAMES` without one here does not compile. */
export const LOSSES: Readonly<Record<LossName, (y: tf.Tensor, p: tf.Tensor) => tf.Scalar>> = {
  'bce+dice': (y, p) => tf.add(binaryCrossEntropy(y, p), softDiceLoss(y, p)) as tf.Scalar,
  dice: softDiceLoss,
};

export function segmentationLoss(name: LossName, y: tf.Tensor, p: tf.Tensor): tf.Scalar {
  const loss = Object.hasOwn(LOSSES, name) ? LOSSES[name] : undefined;
  if (!loss) throw new Error(`unknown loss "${String(name)}"; use ${Object.keys(LOSSES).join(' or ')}`);
  return tf.tidy(() => loss(y, p));
}
