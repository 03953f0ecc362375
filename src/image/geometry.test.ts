import { describe, expect, it } from 'vitest';
import { centredCropRegion, clampCropRegion, fitRegion, toModelCoordinate, sameRegion, toOriginalCoordinate, visibleBox } from './geometry';

describe('fitRegion (letterbox)', () => {
  it('pads the short side symmetrically for an 800×540 scan', () => {
    expect(fitRegion(800, 540)).toEqual({ x: -0, y: -130, size: 800 });
  });
  it('puts the odd padding pixel after the image', () => {
    // 794×543: 251 rows of padding, 125 above and 126 below.
    expect(fitRegion(794, 543)).toEqual({ x: -0, y: -125, size: 794 });
    expect(fitRegion(543, 794)).toEqual({ x: -125, y: -0, size: 794 });
  });
  it('covers the whole image, so the visible box is the image', () => {
    expect(visibleBox(fitRegion(799, 563), 799, 563)).toEqual({ x0: 0, y0: 0, x1: 799, y1: 563 });
  });
});

describe('crop regions', () => {
  it('centres the largest square', () => {
    expect(centredCropRegion(800, 540)).toEqual({ x: 130, y: 0, size: 540 });
  });
  it('clamps a dragged crop back inside the image and to whole pixels', () => {
    expect(clampCropRegion({ x: 700.4, y: -20, size: 300 }, 800, 540)).toEqual({ x: 500, y: 0, size: 300 });
    expect(clampCropRegion({ x: 10, y: 10, size: 9000 }, 800, 540)).toEqual({ x: 10, y: 0, size: 540 });
    expect(clampCropRegion({ x: 10, y: 10, size: 1 }, 800, 540)).toEqual({ x: 10, y: 10, size: 8 });
  });
  it('visible box of a crop is the crop', () => {
    expect(visibleBox({ x: 130, y: 0, size: 540 }, 800, 540)).toEqual({ x0: 130, y0: 0, x1: 670, y1: 540 });
  });
});

describe('coordinate mapping', () => {
  it('maps original ↔ model coordinates and back exactly', () => {
    const region = fitRegion(800, 540);
    // The image's top edge (y = 0) sits 130 px into an 800 px square: 41.6 on a 256 grid.
    expect(toModelCoordinate(0, region.y, region.size, 256)).toBeCloseTo(41.6, 10);
    expect(toModelCoordinate(540, region.y, region.size, 256)).toBeCloseTo(214.4, 10);
    for (const v of [0, 17.25, 399, 540]) {
      expect(toOriginalCoordinate(toModelCoordinate(v, region.y, region.size, 256), region.y, region.size, 256)).toBeCloseTo(v, 10);
    }
  });
});

describe('sameRegion', () => {
  it('compares by value, so a structured-clone copy is the same region', () => {
    const region = { x: -3, y: 0, size: 40 };
    expect(sameRegion(region, structuredClone(region))).toBe(true);
    expect(sameRegion(region, { ...region, size: 41 })).toBe(false);
    expect(sameRegion(region, null)).toBe(false);
    expect(sameRegion(null, undefined)).toBe(false);
    expect(sameRegion(null, null)).toBe(true);
  });
});
