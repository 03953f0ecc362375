import { describe, expect, it } from 'vitest';
import { probabilitiesOnImage, type Segmentation } from '../image/segmentation';
import { confusionAt } from './confusion';
import { buildHistogram, confusionFromHistogram, histogramOfSegmentation } from './thresholdHistogram';

describe('histogramOfSegmentation', () => {
  // A crop whose region passes the image's edge, so the box is a part of the image.
  const width = 90;
  const height = 70;
  const grid = Float32Array.from({ length: 64 }, (_, i) => ((i * 37) % 64) / 63);
  const segmentation: Segmentation = {
    grid,
    gridSize: 8,
    region: { x: 20, y: -10, size: 80 },
    box: { x0: 20, y0: 0, x1: 90, y1: 70 },
    window: { center: 127.5, width: 255 },
    inferenceMs: 0,
  };
  const truth = { width, height, data: Uint8Array.from({ length: width * height }, (_, i) => ((i % width) + Math.floor(i / width)) % 3 === 0 ? 1 : 0) };

  it('counts row by row exactly what the whole-image histogram counts', () => {
    const rows = histogramOfSegmentation(segmentation, truth);
    const whole = buildHistogram(probabilitiesOnImage(segmentation), segmentation.box, truth);
    expect(rows).toEqual(whole);
  });

  it('gives the pixel-by-pixel confusion at every grid threshold', () => {
    const histogram = histogramOfSegmentation(segmentation, truth);
    const probabilities = probabilitiesOnImage(segmentation);
    for (let k = 0; k <= 1000; k += 7) {
      expect(confusionFromHistogram(histogram, k / 1000)).toEqual(confusionAt(probabilities, segmentation.box, truth, k / 1000));
    }
  });
});
