import { describe, expect, it } from 'vitest';
import { buildHistogram } from '../metrics/thresholdHistogram';
import { nextToReview, orderedItems, reviewStatus } from './reviewQueue';
import { type ImageItem, type MaskEntry } from './types';

/** An item with, optionally, a scored mask (Dice set by how many of 4 truth pixels the model gets) and an uncertainty. */
function item(name: string, options: { hits?: number; origin?: MaskEntry['origin']; unsure?: number } = {}): ImageItem {
  let mask: MaskEntry | null = null;
  if (options.hits !== undefined) {
    const truth = { width: 4, height: 1, data: Uint8Array.of(1, 1, 1, 1) };
    const probabilities = Float32Array.from([0, 1, 2, 3].map((k) => (k < (options.hits ?? 0) ? 1 : 0)));
    mask = {
      source: { path: `${name}_mask.png`, size: 1, blob: new Blob([]) },
      origin: options.origin ?? 'file',
      correction: null,
      truth,
      error: null,
      histogram: buildHistogram(probabilities, { x0: 0, y0: 0, x1: 4, y1: 1 }, truth),
    };
  }
  return {
    id: `dir/${name}`,
    name,
    source: { path: `dir/${name}`, size: 1, blob: new Blob([]) },
    frame: null,
    status: 'done',
    error: null,
    raster: null,
    size: null,
    geometry: 'fit',
    region: null,
    scan: null,
    window: null,
    segmentation: null,
    uncertainty: options.unsure === undefined ? null : { uncertainShare: options.unsure, meanEntropy: options.unsure / 2, pixels: 100 },
    segmentedWith: 1,
    mask,
  };
}

const names = (items: readonly ImageItem[]) => items.map((i) => i.name);

describe('review queue', () => {
  const items = [
    item('scan10.png', { unsure: 0.3 }),
    item('scan2.png', { hits: 4 }),
    item('scan1.png', { hits: 1, origin: 'corrected' }),
    item('scan3.png', { unsure: 0.7 }),
    item('scan4.png'),
    item('scan5.png', { hits: 2 }),
  ];

  it('orders by name with numbers compared by value, or as dropped', () => {
    expect(names(orderedItems(items, 'name', 'all', 0.5))).toEqual(['scan1.png', 'scan2.png', 'scan3.png', 'scan4.png', 'scan5.png', 'scan10.png']);
    expect(names(orderedItems(items, 'added', 'all', 0.5))).toEqual(names(items));
  });

  it('orders by Dice worst first, images without a scored mask last', () => {
    // Dice: scan1 2·1/(1+4) = 0.4, scan5 2·2/(2+4) = 0.667, scan2 1.
    expect(names(orderedItems(items, 'dice', 'all', 0.5))).toEqual(['scan1.png', 'scan5.png', 'scan2.png', 'scan3.png', 'scan4.png', 'scan10.png']);
  });

  it('orders by uncertainty, most uncertain first, unsegmented last', () => {
    expect(names(orderedItems(items, 'uncertainty', 'all', 0.5)).slice(0, 2)).toEqual(['scan3.png', 'scan10.png']);
  });

  it('filters by where the mask came from', () => {
    expect(items.map(reviewStatus)).toEqual(['not-reviewed', 'file', 'corrected', 'not-reviewed', 'not-reviewed', 'file']);
    expect(names(orderedItems(items, 'name', 'corrected', 0.5))).toEqual(['scan1.png']);
    expect(names(orderedItems(items, 'name', 'file', 0.5))).toEqual(['scan2.png', 'scan5.png']);
    expect(names(orderedItems(items, 'name', 'not-reviewed', 0.5))).toEqual(['scan3.png', 'scan4.png', 'scan10.png']);
  });

  it('the next to review is the most uncertain image without a mask, then the next, wrapping round', () => {
    expect(nextToReview(items, null)).toBe('dir/scan3.png');
    expect(nextToReview(items, 'dir/scan3.png')).toBe('dir/scan10.png');
    expect(nextToReview(items, 'dir/scan10.png')).toBe('dir/scan3.png');
    expect(nextToReview(items, 'dir/scan2.png')).toBe('dir/scan3.png');
    expect(nextToReview([item('a.png', { hits: 1 })], null)).toBeNull();
  });
});
