import { describe, expect, it } from 'vitest';
import { fitRegion, visibleBox } from './geometry';
import { upsampleToBox } from './resample';
import { labelsOnImage, predictedMask, probabilitiesOnGrid, probabilitiesOnImage } from './segmentation';
import { thresholdToMask } from './mask';

describe('probabilitiesOnImage', () => {
  const region = fitRegion(40, 20);
  const segmentation = (seed: number) => ({
    grid: Float32Array.from({ length: 64 }, (_, i) => ((i * seed) % 17) / 17),
    gridSize: 8,
    region,
    box: visibleBox(region, 40, 20),
    window: { center: 128, width: 256 },
    inferenceMs: 0,
  });
  it('equals the bilinear upsampling of the grid over the box', () => {
    const s = segmentation(3);
    expect(Array.from(probabilitiesOnImage(s))).toEqual(Array.from(upsampleToBox(s.grid, 8, region, s.box)));
    expect(probabilitiesOnImage(s)).toHaveLength(40 * 20);
  });
  it('reuses a recent result and recomputes an evicted one identically', () => {
    const first = segmentation(5);
    const a = probabilitiesOnImage(first);
    expect(probabilitiesOnImage(first)).toBe(a);
    for (let k = 0; k < 10; k++) probabilitiesOnImage(segmentation(7 + k));
    const again = probabilitiesOnImage(first);
    expect(again).not.toBe(a);
    expect(Array.from(again)).toEqual(Array.from(a));
  });
});

describe('probabilitiesOnGrid', () => {
  it('keeps the grid cells on the image and leaves out the letterbox padding', () => {
    // A 8×4 image letterboxed into a 4×4 grid: the region is 8 px square, rows 0 and 3 are padding.
    const region = fitRegion(8, 4);
    const grid = Float32Array.from({ length: 16 }, (_, k) => k);
    const segmentation = { grid, gridSize: 4, region, box: visibleBox(region, 8, 4), window: { center: 0.5, width: 1 }, inferenceMs: 0 };
    expect(Array.from(probabilitiesOnGrid(segmentation))).toEqual([4, 5, 6, 7, 8, 9, 10, 11]);
  });
});

describe('labelsOnImage', () => {
  // A 2×2 grid on a 2×2 image: each pixel is one grid cell, so no interpolation blurs the cases.
  const region = { x: 0, y: 0, size: 2 };
  const base = { gridSize: 2, region, box: visibleBox(region, 2, 2), window: { center: 0.5, width: 1 }, inferenceMs: 0 };
  it('is the thresholded foreground for a binary model', () => {
    const s = { ...base, grid: Float32Array.from([0.2, 0.5, 0.7, 0.49]) };
    expect(Array.from(labelsOnImage(s, 0.5, 2, 2).data)).toEqual([0, 1, 1, 0]);
  });
  it('is the argmax with background for a softmax, whatever the threshold', () => {
    // Pixel 0: bg 0.4 > 0.35 > 0.25 → 0; pixel 1: class 1 0.5; pixel 2: class 2 0.45 > bg 0.3; pixel 3: bg 0.42 > class 1 0.38.
    const c1 = [0.35, 0.5, 0.25, 0.38];
    const c2 = [0.25, 0.1, 0.45, 0.2];
    const s = { ...base, grid: Float32Array.from(c1.map((p, i) => p + c2[i])), classGrids: Float32Array.from([...c1, ...c2]), activation: 'softmax' as const };
    expect(Array.from(labelsOnImage(s, 0.5, 2, 2).data)).toEqual([0, 1, 2, 0]);
    expect(Array.from(labelsOnImage(s, 0.9, 2, 2).data)).toEqual([0, 1, 2, 0]);
  });
  it('is the most probable class above the threshold for multi-label sigmoids', () => {
    const c1 = [0.9, 0.3, 0.6, 0.1];
    const c2 = [0.8, 0.6, 0.7, 0.2];
    const s = { ...base, grid: Float32Array.from(c1.map((p, i) => Math.max(p, c2[i]))), classGrids: Float32Array.from([...c1, ...c2]), activation: 'sigmoid' as const };
    expect(Array.from(labelsOnImage(s, 0.5, 2, 2).data)).toEqual([1, 2, 2, 0]);
    expect(Array.from(labelsOnImage(s, 0.65, 2, 2).data)).toEqual([1, 0, 2, 0]);
  });
  it('leaves the image outside the box background', () => {
    const wide = fitRegion(4, 2);
    const s = { ...base, region: wide, box: { x0: 1, y0: 0, x1: 3, y1: 2 }, grid: new Float32Array(4).fill(1) };
    expect(Array.from(labelsOnImage(s, 0.5, 4, 2).data)).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
  });
});

describe('predictedMask', () => {
  it('equals thresholding the whole box’s probabilities, background outside the box', () => {
    const segmentation = {
      grid: Float32Array.from({ length: 16 }, (_, i) => ((i * 7) % 16) / 15),
      gridSize: 4,
      region: { x: 10, y: -8, size: 48 },
      box: { x0: 10, y0: 0, x1: 50, y1: 40 },
      window: { center: 127.5, width: 255 },
      inferenceMs: 0,
    };
    for (const t of [0, 0.3, 0.5, 0.9]) {
      expect(predictedMask(segmentation, 60, 40, t)).toEqual(thresholdToMask(probabilitiesOnImage(segmentation), segmentation.box, 60, 40, t));
    }
  });
});
