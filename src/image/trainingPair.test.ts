import { describe, expect, it } from 'vitest';
import { fitRegion } from './geometry';
import { prepareTrainingPair, splitPairs } from './trainingPair';
import { rasterFromInterleaved } from './raster';

describe('prepareTrainingPair', () => {
  it('resamples image and mask over the same region; the mask stays binary', () => {
    const width = 16;
    const height = 8;
    const data = new Uint8Array(width * height);
    const truth = new Uint8Array(width * height);
    for (let y = 2; y < 6; y++) {
      for (let x = 4; x < 12; x++) {
        data[y * width + x] = 255;
        truth[y * width + x] = 1;
      }
    }
    const raster = rasterFromInterleaved(width, height, 1, data, 8);
    const { image, mask } = prepareTrainingPair(raster, { width, height, data: truth }, fitRegion(width, height), { size: 8, channels: 1, intensity: 'unit' });
    expect(new Set(mask)).toEqual(new Set([0, 1]));
    // Bright pixels and mask pixels coincide.
    for (let i = 0; i < 64; i++) expect(mask[i]).toBe(image[i] >= 0.5 ? 1 : 0);
  });
});

describe('splitPairs', () => {
  it('is reproducible, disjoint and keeps both sides non-empty', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);
    const a = splitPairs(ids, 20, 42);
    expect(a).toEqual(splitPairs(ids, 20, 42));
    expect(a.validation).toHaveLength(2);
    expect(new Set([...a.train, ...a.validation]).size).toBe(10);
    expect(splitPairs(['x', 'y'], 5, 1).validation).toHaveLength(1);
    expect(splitPairs(['x'], 50, 1)).toEqual({ train: ['x'], validation: [] });
    expect(splitPairs(ids, 0, 1).validation).toEqual([]);
  });
});
