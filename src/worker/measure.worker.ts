/**
 * Ellipse biometry and boundary distances (HD95, ASSD) off the main thread: resampling the model's probabilities to every pixel,
 * thresholding, finding the largest region and fitting it takes a few hundred ms on a large image
 * on a slow CPU — long enough to freeze the page if done in a render.
 */
import * as Comlink from 'comlink';
import { thresholdToMask } from '../image/mask';
import { labelsOnImage, probabilitiesOnImage } from '../image/segmentation';
import { classSurfaceDistances } from '../metrics/multiClass';
import { angleOfProgression, AOP_CLASSES } from '../metrics/angleOfProgression';
import { biometrySummary } from '../metrics/biometry';
import { surfaceDistances } from '../metrics/surfaceDistance';
import { type MeasureApi } from './engineApi';

const measurer: MeasureApi = {
  biometry({ segmentation, width, height, threshold, truth, pixelSize }) {
    const predicted = thresholdToMask(probabilitiesOnImage(segmentation), segmentation.box, width, height, threshold);
    return Promise.resolve(biometrySummary(predicted, { box: segmentation.box, truth, pixelSize }));
  },
  boundary({ segmentation, width, height, threshold, truth, spacing }) {
    const predicted = thresholdToMask(probabilitiesOnImage(segmentation), segmentation.box, width, height, threshold);
    return Promise.resolve({
      px: surfaceDistances(predicted, truth),
      mm: spacing ? surfaceDistances(predicted, truth, { y: spacing[0], x: spacing[1] }) : null,
    });
  },
  classBoundary({ segmentation, threshold, truth, classes, spacing }) {
    const predicted = labelsOnImage(segmentation, threshold, truth.width, truth.height);
    return Promise.resolve(classSurfaceDistances(truth, predicted, classes, spacing ? { y: spacing[0], x: spacing[1] } : null));
  },
  angleOfProgression({ segmentation, threshold, width, height, truth, spacing }) {
    const predicted = labelsOnImage(segmentation, threshold, width, height);
    return Promise.resolve({
      predicted: angleOfProgression(predicted, AOP_CLASSES.symphysis, AOP_CLASSES.head, spacing),
      truth: truth ? angleOfProgression(truth, AOP_CLASSES.symphysis, AOP_CLASSES.head, spacing) : null,
    });
  },
};

Comlink.expose(measurer);
