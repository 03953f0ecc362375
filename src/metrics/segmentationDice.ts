/**
 * One Dice for one segmentation against an image's ground truth, for the compare view's labels,
 * counted over the region the model saw (its box), as the metrics panel and `npm run segment` count
 * it: a binary model's thresholded mask against the mask; a model of several classes scored per
 * class and averaged (as the list does) when the truth was read as that many classes, otherwise its
 * any-class foreground against the mask's (a model of other classes can still be compared). The
 * kind is returned with the value, since the three are different numbers for one prediction.
 */
import { type PixelBox } from '../image/geometry';
import { type LabelMap } from '../image/labelMap';
import { type BinaryMask, thresholdToMask } from '../image/mask';
import { classCountOf, labelsOnImage, probabilitiesOnImage, type Segmentation } from '../image/segmentation';
import { maskConfusion } from './maskConfusion';
import { classScores, confusionMatrix, meanClassScores } from './multiClass';
import { scoresFromConfusion } from './scores';

export interface SegmentationDice {
  readonly dice: number;
  /** 'binary': one class; 'class mean': mean over the classes scored; 'any class': foreground against foreground. */
  readonly kind: 'binary' | 'class mean' | 'any class';
}

/** The pixels of a width-wide row-major grid inside the box, as a grid of the box's size. */
function inBox<M extends { readonly width: number; readonly height: number; readonly data: Uint8Array }>(m: M, box: PixelBox): M {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) data.set(m.data.subarray((y + box.y0) * m.width + box.x0, (y + box.y0) * m.width + box.x1), y * w);
  return { ...m, width: w, height: h, data };
}

/**
 * @param labels the truth as class indices, or null; used only when it has no class beyond the
 *   segmentation's (it was read through a table of as many classes).
 */
export function segmentationDice(segmentation: Segmentation, threshold: number, truth: BinaryMask, labels: LabelMap | null): SegmentationDice {
  const { width, height } = truth;
  const box = segmentation.box;
  const count = classCountOf(segmentation);
  if (count === 1) {
    const predicted = thresholdToMask(probabilitiesOnImage(segmentation), box, width, height, threshold);
    return { dice: scoresFromConfusion(maskConfusion(inBox(predicted, box), inBox(truth, box))).dice, kind: 'binary' };
  }
  const predicted = inBox(labelsOnImage(segmentation, threshold, width, height), box);
  if (labels && labels.data.every((k) => k <= count)) {
    // No class on either side: nothing to get wrong (scores.ts's convention for empty masks).
    return { dice: meanClassScores(classScores(confusionMatrix(inBox(labels, box), predicted, count + 1)))?.dice ?? 1, kind: 'class mean' };
  }
  const foreground = { width: predicted.width, height: predicted.height, data: predicted.data.map((k) => (k > 0 ? 1 : 0)) };
  return { dice: scoresFromConfusion(maskConfusion(foreground, inBox(truth, box))).dice, kind: 'any class' };
}
