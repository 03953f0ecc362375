/** The area histogram gives the same count as thresholding every pixel directly. */
import { describe, expect, it } from 'vitest';
import { isForeground } from '../image/mask';
import { probabilitiesOnImage } from '../image/segmentation';
import { areaFromHistogram, areaHistogramOfSegmentation, buildAreaHistogram } from './areaHistogram';

describe('areaHistogram', () => {
  it('counts the pixels at or above each grid threshold exactly', () => {
    const p = Float32Array.from([0, 0.1, 0.43, 0.4299, 0.5, 0.999, 1, 0.43]);
    const h = buildAreaHistogram(p);
    for (const t of [0, 0.1, 0.43, 0.5, 0.999, 1]) expect(areaFromHistogram(h, t)).toBe(p.filter((v) => isForeground(v, t)).length);
    expect(areaFromHistogram(h, 0.43)).toBe(5);
  });
});

describe('areaHistogramOfSegmentation', () => {
  it('counts row by row what the whole-box probabilities count', () => {
    const segmentation = {
      grid: Float32Array.from({ length: 16 }, (_, i) => ((i * 5) % 16) / 15),
      gridSize: 4,
      region: { x: -5, y: 0, size: 40 },
      box: { x0: 0, y0: 0, x1: 35, y1: 30 },
      window: { center: 127.5, width: 255 },
      inferenceMs: 0,
    };
    expect(areaHistogramOfSegmentation(segmentation)).toEqual(buildAreaHistogram(probabilitiesOnImage(segmentation)));
  });
});
