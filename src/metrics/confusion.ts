/**
 * Confusion counts between a prediction (probabilities over a box of the image) and a
 * ground-truth mask at the mask's own resolution, counted over the box only: the box is the
 * part of the image the model saw, so pixels it never saw are neither right nor wrong.
 */
import { type PixelBox } from '../image/geometry';
import { type BinaryMask, isForeground } from '../image/mask';
import { type Confusion } from './scores';

export function confusionAt(
  boxProbabilities: Float32Array,
  box: PixelBox,
  truth: BinaryMask,
  threshold: number,
): Confusion {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  const bw = box.x1 - box.x0;
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      const predicted = isForeground(boxProbabilities[(y - box.y0) * bw + x - box.x0], threshold);
      const actual = truth.data[y * truth.width + x] === 1;
      if (predicted) {
        if (actual) tp++;
        else fp++;
      } else if (actual) fn++;
      else tn++;
    }
  }
  return { tp, fp, fn, tn };
}
