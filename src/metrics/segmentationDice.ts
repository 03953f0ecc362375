/**
 * One Dice for one segmentation against an image's ground truth, for the compare view's labels,
 * counted as the metrics panel and `npm run segment` count it: a binary model's probabilities
 * against the mask over the region the model saw (metrics/confusion.ts confusionAt); a model of
 * several classes scored per class over the image and averaged (as the list and ClassMetrics do)
 * when the truth was read as that many classes, otherwise its label map's foreground against the
 * mask, over the model's region as for a binary model (a model of other classes can still be
 * compared). The kind is returned with the value, since the three differ for one prediction.
 */
import { type LabelMap } from '../image/labelMap';
import { type BinaryMask } from '../image/mask';
import { classCountOf, labelsOnImage, probabilitiesOnImage, type Segmentation } from '../image/segmentation';
import { confusionAt } from './confusion';
import { classScores, confusionMatrix, meanClassScores } from './multiClass';
import { scoresFromConfusion } from './scores';

export interface SegmentationDice {
  readonly dice: number;
  /** 'binary': one class; 'class mean': mean over the classes scored; 'any class': foreground against foreground. */
  readonly kind: 'binary' | 'class mean' | 'any class';
}

/**
 * @param labels the truth as class indices, or null; used only when it has no class beyond the
 *   segmentation's (it was read through a table of as many classes).
 */
export function segmentationDice(segmentation: Segmentation, threshold: number, truth: BinaryMask, labels: LabelMap | null): SegmentationDice {
  const count = classCountOf(segmentation);
  if (count === 1) return { dice: scoresFromConfusion(confusionAt(probabilitiesOnImage(segmentation), segmentation.box, truth, threshold)).dice, kind: 'binary' };
  if (labels && labels.data.every((k) => k <= count)) {
    const predicted = labelsOnImage(segmentation, threshold, labels.width, labels.height);
    // No class on either side: nothing to get wrong (scores.ts's convention for empty masks).
    return { dice: meanClassScores(classScores(confusionMatrix(labels, predicted, count + 1)))?.dice ?? 1, kind: 'class mean' };
  }
  // Any class: the label map's foreground against the mask, over the model's region.
  const predicted = labelsOnImage(segmentation, threshold, truth.width, truth.height);
  const { x0, y0, x1, y1 } = segmentation.box;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * truth.width + x;
      const p = predicted.data[i] > 0;
      const t = truth.data[i] === 1;
      if (p && t) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
  }
  return { dice: scoresFromConfusion({ tp, fp, fn, tn: (x1 - x0) * (y1 - y0) - tp - fp - fn }).dice, kind: 'any class' };
}
