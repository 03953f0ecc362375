import { describe, expect, it } from 'vitest';
import { fitRegion, visibleBox } from './geometry';
import { upsampleToBox } from './resample';
import { probabilitiesOnGrid, probabilitiesOnImage } from './segmentation';

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
