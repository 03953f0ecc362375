/**
 * The threshold histogram of a pair (every pixel of the image, so a 12000×12000 scan is 144
 * million probabilities binned: seconds of work that would freeze the page), ellipse biometry and boundary distances (HD95, ASSD) off the main thread: resampling the model's probabilities to every pixel,
 * thresholding, finding the largest region and fitting it takes a few hundred ms on a large image
 * on a slow CPU — long enough to freeze the page if done in a render.
 */
import * as Comlink from 'comlink';
import { labelsOnImage, predictedMask } from '../image/segmentation';
import { classSurfaceDistances } from '../metrics/multiClass';
import { angleOfProgression, AOP_CLASSES } from '../metrics/angleOfProgression';
import { biometrySummary } from '../metrics/biometry';
import { surfaceDistances } from '../metrics/surfaceDistance';
import { histogramOfSegmentation } from '../metrics/thresholdHistogram';
import { type AopRequest, type BiometryRequest, type BoundaryRequest, type ClassBoundaryRequest, type HistogramRequest, type MeasureApi, type MeasureWire } from './engineApi';
import { type TruthRef, truthReceiver } from './truthCache';

const measurer: MeasureApi = {
  histogram({ segmentation, truth }) {
    return Promise.resolve(histogramOfSegmentation(segmentation, truth));
  },
  biometry({ segmentation, width, height, threshold, truth, pixelSize }) {
    const predicted = predictedMask(segmentation, width, height, threshold);
    return Promise.resolve(biometrySummary(predicted, { box: segmentation.box, truth, pixelSize }));
  },
  boundary({ segmentation, width, height, threshold, truth, spacing }) {
    const predicted = predictedMask(segmentation, width, height, threshold);
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

// Each request's ground truth arrives by number after the first time (truthCache.ts). Comlink
// calls these as each message arrives, in order, so the two sides' lists stay the same.
const receive = truthReceiver<object>();
// The request with its truth found again: the type each method reads (the cast is the wire's contract, OnWire).
const fromWire = (request: { readonly truth: TruthRef<object> | null }): unknown => ({ ...request, truth: request.truth ? receive(request.truth) : null });
const onWire: MeasureWire = {
  histogram: (request) => measurer.histogram(fromWire(request) as HistogramRequest),
  biometry: (request) => measurer.biometry(fromWire(request) as BiometryRequest),
  boundary: (request) => measurer.boundary(fromWire(request) as BoundaryRequest),
  classBoundary: (request) => measurer.classBoundary(fromWire(request) as ClassBoundaryRequest),
  angleOfProgression: (request) => measurer.angleOfProgression(fromWire(request) as AopRequest),
};

Comlink.expose(onWire);
