import { describe, expect, it } from 'vitest';
import { applyIntensity } from './intensity';
import { prepareModelInput } from './modelInput';
import { rasterFromInterleaved, toUnitPlanes } from './raster';

describe('intensity scaling', () => {
  it('unit keeps [0, 1]', () => {
    expect(Array.from(applyIntensity(Float32Array.from([0, 0.5, 1]), 'unit'))).toEqual([0, 0.5, 1]);
  });
  it('symmetric maps to [−1, 1]', () => {
    expect(Array.from(applyIntensity(Float32Array.from([0, 0.5, 1]), 'symmetric'))).toEqual([-1, 0, 1]);
  });
  it('zscore gives mean 0 and standard deviation 1', () => {
    const out = applyIntensity(Float32Array.from([0, 0.25, 0.5, 1]), 'zscore');
    const mean = out.reduce((a, b) => a + b, 0) / out.length;
    const sd = Math.sqrt(out.reduce((a, b) => a + (b - mean) ** 2, 0) / out.length);
    expect(mean).toBeCloseTo(0, 6);
    expect(sd).toBeCloseTo(1, 6);
  });
  it('zscore leaves a constant image at 0 instead of dividing by zero', () => {
    expect(Array.from(applyIntensity(Float32Array.from([0.3, 0.3]), 'zscore'))).toEqual([0, 0]);
  });
});

describe('rasters to model input', () => {
  it('scales 16-bit samples by 65535 and 8-bit by 255', () => {
    const r16 = rasterFromInterleaved(2, 1, 1, Uint16Array.from([0, 65535]), 16);
    const r8 = rasterFromInterleaved(2, 1, 1, Uint8Array.from([0, 255]), 8);
    expect(Array.from(toUnitPlanes(r16, 1)[0])).toEqual([0, 1]);
    expect(Array.from(toUnitPlanes(r8, 1)[0])).toEqual([0, 1]);
  });
  it('collapses grey RGBA to one channel and converts colour to BT.601 luma', () => {
    const grey = rasterFromInterleaved(1, 1, 4, Uint8Array.from([100, 100, 100, 255]), 8);
    expect(grey.channels).toBe(1);
    const red = rasterFromInterleaved(1, 1, 4, Uint8Array.from([255, 0, 0, 255]), 8);
    expect(red.channels).toBe(3);
    expect(toUnitPlanes(red, 1)[0][0]).toBeCloseTo(0.299, 6);
    expect(toUnitPlanes(grey, 3).map((p) => p[0])).toEqual([100 / 255, 100 / 255, 100 / 255].map(Math.fround));
  });
  it('prepares interleaved HWC input in the model range', () => {
    const raster = rasterFromInterleaved(2, 2, 1, Uint8Array.from([0, 255, 255, 0]), 8);
    const input = prepareModelInput(raster, { x: 0, y: 0, size: 2 }, { size: 2, channels: 3, intensity: 'symmetric' });
    expect(Array.from(input)).toEqual([-1, -1, -1, 1, 1, 1, 1, 1, 1, -1, -1, -1]);
  });
});
