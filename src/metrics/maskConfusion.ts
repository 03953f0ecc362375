/**
 * Confusion counts between two binary masks of the same size over the whole image, e.g. the
 * model's thresholded mask against the mask a user accepted after correcting it (how much the
 * user had to change). Scores follow scores.ts (two empty masks: Dice 1).
 */
import { type BinaryMask } from '../image/mask';
import { type Confusion } from './scores';

export function maskConfusion(predicted: BinaryMask, truth: BinaryMask): Confusion {
  if (predicted.width !== truth.width || predicted.height !== truth.height) {
    throw new Error(`masks differ in size: ${predicted.width}×${predicted.height} and ${truth.width}×${truth.height}`);
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const a = predicted.data;
  const b = truth.data;
  for (let i = 0; i < a.length; i++) {
    if (a[i]) {
      if (b[i]) tp++;
      else fp++;
    } else if (b[i]) fn++;
  }
  return { tp, fp, fn, tn: a.length - tp - fp - fn };
}
