/**
 * One Dice for one segmentation against an image's ground truth, for the compare view's labels:
 * a binary model's thresholded mask against the mask; a model of several classes scored per class
 * and averaged (as the list does) when the truth was read as that many classes, otherwise its
 * any-class foreground against the mask's (a model of other classes can still be compared).
 */
import { type LabelMap } from '../image/labelMap';
import { type BinaryMask, thresholdToMask } from '../image/mask';
import { classCountOf, labelsOnImage, probabilitiesOnImage, type Segmentation } from '../image/segmentation';
import { maskConfusion } from './maskConfusion';
import { classScores, confusionMatrix, meanClassScores } from './multiClass';
import { scoresFromConfusion } from './scores';

/**
 * @param labels the truth as class indices, or null; used only when it has no class beyond the
 *   segmentation's (it was read through a table of as many classes).
 */
export function segmentationDice(segmentation: Segmentation, threshold: number, truth: BinaryMask, labels: LabelMap | null): number {
  const { width, height } = truth;
  const count = classCountOf(segmentation);
  if (count === 1) {
    const predicted = thresholdToMask(probabilitiesOnImage(segmentation), segmentation.box, width, height, threshold);
    return scoresFromConfusion(maskConfusion(predicted, truth)).dice;
  }
  const predicted = labelsOnImage(segmentation, threshold, width, height);
  if (labels && labels.data.every((k) => k <= count)) {
    // No class on either side: nothing to get wrong (scores.ts's convention for empty masks).
    return meanClassScores(classScores(confusionMatrix(labels, predicted, count + 1)))?.dice ?? 1;
  }
  const foreground = { width, height, data: predicted.data.map((k) => (k > 0 ? 1 : 0)) };
  return scoresFromConfusion(maskConfusion(foreground, truth)).dice;
}
