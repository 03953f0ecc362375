import { describe, expect, it } from 'vitest';
import { detailView, DISPLAY_MAX_SIDE, overviewOf, regionView, sampleIndices, sampleMask, sampleRaster, segmentationInView } from './displayView';
import { type Raster } from './raster';
import { probabilitiesOnImage, type Segmentation } from './segmentation';
import { upsampleToBox } from './resample';

const grey = (width: number, height: number, value: (x: number, y: number) => number): Raster => {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  return { width, height, channels: 1, data, bitDepth: 8 };
};

describe('overviewOf', () => {
  it('keeps a small image at its own resolution', () => {
    expect(overviewOf(800, 540)).toEqual({ x0: 0, y0: 0, step: 1, width: 800, height: 540 });
  });
  it('fits the long side of a large image to the limit, keeping its shape', () => {
    const v = overviewOf(12000, 6000, 2048);
    expect(v.width).toBe(2048);
    expect(v.height).toBe(1024);
    expect(v.step).toBeCloseTo(12000 / 2048, 12);
  });
});

describe('regionView', () => {
  it('snaps the visible part out to whole pixels and clips it to the image', () => {
    expect(regionView(100, 80, -5.5, 10.2, 40.1, 200, 1)).toEqual({ x0: 0, y0: 10, step: 1, width: 41, height: 70 });
  });
  it('is null when the image is out of sight', () => {
    expect(regionView(100, 80, 120, 0, 200, 50, 1)).toBeNull();
  });
  it('never samples finer than the image', () => {
    expect(regionView(100, 80, 0, 0, 10, 10, 0.25)?.step).toBe(1);
  });
});

describe('sampling', () => {
  it('takes the pixel under each view pixel centre, clamped to the image', () => {
    expect(Array.from(sampleIndices(0, 2.5, 4, 10))).toEqual([1, 3, 6, 8]);
    expect(Array.from(sampleIndices(7, 1, 5, 10))).toEqual([7, 8, 9, 9, 9]);
  });
  it('keeps a lone pixel at step 1 and its neighbours around it', () => {
    const raster = grey(50, 40, (x, y) => (x === 21 && y === 17 ? 255 : 30));
    const view = regionView(50, 40, 18, 15, 25, 20, 1);
    if (!view) throw new Error('no view');
    const sub = sampleRaster(raster, view);
    expect(sub.width).toBe(7);
    expect(sub.data[(17 - 15) * 7 + (21 - 18)]).toBe(255);
    expect(Array.from(sub.data).filter((v) => v === 255)).toHaveLength(1);
  });
  it('samples interleaved RGB and masks the same way', () => {
    const raster: Raster = { width: 4, height: 2, channels: 3, bitDepth: 8, data: Uint8Array.from({ length: 24 }, (_, i) => i) };
    const view = { x0: 0, y0: 0, step: 2, width: 2, height: 1 };
    expect(Array.from(sampleRaster(raster, view).data)).toEqual([15, 16, 17, 21, 22, 23]);
    const mask = { width: 4, height: 2, data: Uint8Array.from([0, 0, 0, 1, 0, 1, 0, 0]) };
    expect(Array.from(sampleMask(mask, view).data)).toEqual([1, 0]);
  });
});

describe('segmentationInView', () => {
  const grid = Float32Array.from({ length: 16 }, (_, i) => i / 16);
  const seg: Segmentation = {
    grid,
    gridSize: 4,
    region: { x: -10, y: 5, size: 120 },
    box: { x0: 0, y0: 5, x1: 100, y1: 90 },
    window: { center: 127.5, width: 255 },
    inferenceMs: 0,
  };
  it('at step 1 gives the image’s own probabilities for the visible pixels', () => {
    const view = { x0: 30, y0: 20, step: 1, width: 40, height: 30 };
    const inView = segmentationInView(seg, view);
    expect(inView.box).toEqual({ x0: 0, y0: 0, x1: 40, y1: 30 });
    const full = upsampleToBox(grid, 4, seg.region, seg.box);
    const part = probabilitiesOnImage(inView);
    for (const [x, y] of [[30, 20], [45, 33], [69, 49]]) {
      expect(part[(y - 20) * 40 + (x - 30)]).toBe(full[(y - 5) * 100 + x]);
    }
  });
  it('keeps the box on the view pixels whose centres fall in it, down-sampled', () => {
    const inView = segmentationInView(seg, { x0: 0, y0: 0, step: 4, width: 25, height: 25 });
    // Rows: centres at 2, 6, 10…; the box starts at row 5 (centre 6 is the first inside) and ends before 90 (centre 86 is the last).
    expect(inView.box).toEqual({ x0: 0, y0: 1, x1: 25, y1: 22 });
  });
  it('is a different grid object, so the full-size probability cache is not confused with the view’s', () => {
    expect(segmentationInView(seg, { x0: 0, y0: 0, step: 1, width: 10, height: 10 }).grid).not.toBe(grid);
    expect(probabilitiesOnImage(seg)).toHaveLength(100 * 85);
  });
});

describe('detailView', () => {
  const side = 12000;
  const overview = overviewOf(side, side);
  it('draws nothing over the overview while the whole image is on screen', () => {
    expect(detailView(side, side, { left: 0, top: 0, right: side, bottom: side }, side / 900, overview.step)).toBeNull();
  });
  it('shows the visible region at the image’s own resolution once zoomed past 100 %', () => {
    const v = detailView(side, side, { left: 1400.5, top: 1300.2, right: 1700.5, bottom: 1500.2 }, 1 / 3, overview.step);
    expect(v).toEqual({ x0: 1400, y0: 1300, step: 1, width: 301, height: 201 });
  });
  it('between fit and 100 %, samples as finely as the screen (a power of two) and never past the size limit', () => {
    const v = detailView(side, side, { left: 0, top: 0, right: 6000, bottom: 6000 }, 3, overview.step);
    expect(v?.step).toBe(4);
    expect((v?.width ?? 0) * (v?.height ?? 0)).toBeLessThanOrEqual(DISPLAY_MAX_SIDE ** 2);
  });
  it('is null for an image the overview already shows at full resolution', () => {
    expect(detailView(800, 600, { left: 0, top: 0, right: 100, bottom: 100 }, 0.25, overviewOf(800, 600).step)).toBeNull();
  });
});
