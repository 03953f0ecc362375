import { describe, expect, it } from 'vitest';
import { maskFromRaster, thresholdToMask } from './mask';
import { rasterFromInterleaved } from './raster';

describe('ground-truth masks', () => {
  it('reads 0/255 masks', () => {
    const m = maskFromRaster(rasterFromInterleaved(3, 1, 1, Uint8Array.from([0, 255, 127]), 8));
    expect(Array.from(m.data)).toEqual([0, 1, 0]);
  });
  it('reads 0/1 label maps', () => {
    const m = maskFromRaster(rasterFromInterleaved(3, 1, 1, Uint8Array.from([0, 1, 1]), 8));
    expect(Array.from(m.data)).toEqual([0, 1, 1]);
  });
  it('reads 16-bit masks at half range', () => {
    const m = maskFromRaster(rasterFromInterleaved(2, 1, 1, Uint16Array.from([30000, 40000]), 16));
    expect(Array.from(m.data)).toEqual([0, 1]);
  });
});

describe('thresholdToMask', () => {
  it('uses p >= threshold inside the box and background outside it', () => {
    const mask = thresholdToMask(Float32Array.from([0.5, 0.49, 0.9, 0.1]), { x0: 1, y0: 0, x1: 3, y1: 2 }, 4, 2, 0.5);
    expect(Array.from(mask.data)).toEqual([0, 1, 0, 0, 0, 1, 0, 0]);
  });
});
