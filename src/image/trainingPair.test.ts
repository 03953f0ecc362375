import { describe, expect, it } from 'vitest';
import { fitRegion } from './geometry';
import { extendSplit, packTrainingPairs, prepareTrainingPair, resampleLabelsNearest, splitPairs } from './trainingPair';
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

describe('packTrainingPairs', () => {
  it('puts pair k at offset k·size²·channels, as prepareTrainingPair makes it; a missing pair stays blank', async () => {
    const spec = { size: 4, channels: 1 as const, intensity: 'unit' as const };
    const pixels = (v: number) => {
      const raster = rasterFromInterleaved(6, 4, 1, new Uint8Array(24).map((_, i) => (i * v) % 256), 8);
      return { raster, truth: { width: 6, height: 4, data: new Uint8Array(24).map((_, i) => (i % v === 0 ? 1 : 0)) }, region: fitRegion(6, 4) };
    };
    const { images, masks } = await packTrainingPairs(3, spec, async (k) => (k === 1 ? null : pixels(k + 2)));
    expect([images.length, masks.length]).toEqual([48, 48]);
    for (const k of [0, 2]) {
      const { raster, truth, region } = pixels(k + 2);
      const pair = prepareTrainingPair(raster, truth, region, spec);
      expect(Array.from(images.subarray(k * 16, k * 16 + 16))).toEqual(Array.from(pair.image));
      expect(Array.from(masks.subarray(k * 16, k * 16 + 16))).toEqual(Array.from(pair.mask));
    }
    expect(images.subarray(16, 32).every((v) => v === 0)).toBe(true);
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

describe('extendSplit', () => {
  const ids = Array.from({ length: 10 }, (_, i) => `p${i}`);

  it('keeps every pair on its side across rounds, so validation Dice stays comparable', () => {
    const first = splitPairs(ids, 20, 42);
    const more = [...ids, ...Array.from({ length: 10 }, (_, i) => `q${i}`)];
    const second = extendSplit(first, more, 20, 42);
    for (const id of first.validation) expect(second.validation).toContain(id);
    for (const id of first.train) expect(second.train).toContain(id);
    // The added pairs keep the validation share at the asked percentage: 4 of 20.
    expect(second.validation).toHaveLength(4);
    expect(new Set([...second.train, ...second.validation]).size).toBe(20);
    expect(extendSplit(second, more, 20, 42)).toEqual(second);
  });

  it('drops pairs that are gone and starts from splitPairs without a previous split', () => {
    const first = splitPairs(ids, 20, 42);
    const gone = first.validation[0];
    const next = extendSplit(first, ids.filter((id) => id !== gone), 20, 42);
    expect(next.validation).not.toContain(gone);
    expect(next.train).not.toContain(gone);
    expect(extendSplit(null, ids, 20, 42)).toEqual(first);
  });

  it('never puts a new pair in validation when nothing would be left to train on', () => {
    expect(extendSplit({ train: [], validation: [] }, ['a'], 50, 1)).toEqual({ train: ['a'], validation: [] });
    expect(extendSplit({ train: ['a'], validation: [] }, ['a', 'b'], 50, 1)).toEqual({ train: ['a'], validation: ['b'] });
    // Every training pair removed since: one held-out pair trains rather than nothing.
    expect(extendSplit({ train: ['t1', 't2'], validation: ['v1', 'v2'] }, ['v1', 'v2'], 20, 1)).toEqual({ train: ['v2'], validation: ['v1'] });
  });
});

describe('label maps for multi-class training', () => {
  const width = 12;
  const height = 6;
  // Columns 0–3 class 0, 4–7 class 1, 8–11 class 2; one class-3 pixel.
  const data = new Uint8Array(width * height).map((_, i) => Math.floor((i % width) / 4));
  data[2 * width + 5] = 3;
  const map = { width, height, data };

  it('resample by nearest neighbour: values stay exact, the letterbox padding is background', () => {
    const out = resampleLabelsNearest(map, fitRegion(width, height), 6);
    expect(new Set(out)).toEqual(new Set([0, 1, 2, 3]));
    // Region 12² from y = −3: grid row j reads row 2j − 2 (rows 0 and 5 fall in the padding); cell i reads column 2i + 1.
    expect(Array.from(out.subarray(0, 6))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(out.subarray(6, 12))).toEqual([0, 0, 1, 1, 2, 2]);
    expect(Array.from(out.subarray(12, 18))).toEqual([0, 0, 3, 1, 2, 2]);
    expect(Array.from(out.subarray(30, 36))).toEqual([0, 0, 0, 0, 0, 0]);
    // At the same size it is the map itself.
    const same = resampleLabelsNearest(map, { x: 0, y: 0, size: 12 }, 12);
    expect(Array.from(same.subarray(0, width * height))).toEqual(Array.from(data));
  });

  it("prepareTrainingPair with kind 'labels' keeps class indices; 'binary' (the default) still re-binarises", () => {
    const raster = rasterFromInterleaved(width, height, 1, data.map((v) => v * 60), 8);
    const spec = { size: 12, channels: 1 as const, intensity: 'unit' as const };
    const labels = prepareTrainingPair(raster, map, fitRegion(width, height), spec, undefined, 'labels');
    expect(new Set(labels.mask)).toEqual(new Set([0, 1, 2, 3]));
    const binary = prepareTrainingPair(raster, { width, height, data: data.map((v) => (v > 0 ? 1 : 0)) }, fitRegion(width, height), spec);
    expect(new Set(binary.mask)).toEqual(new Set([0, 1]));
  });
});
