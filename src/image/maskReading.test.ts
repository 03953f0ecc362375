import { describe, expect, it } from 'vitest';
import { maskFromRaster } from './mask';
import { describeMaskReading, readMaskValues } from './maskReading';
import { rasterFromInterleaved } from './raster';

const SIZE = 32;
/** A SIZE×SIZE image of discs: (cx, cy, r, value) each, painted in order. */
function discs(list: ReadonlyArray<readonly [number, number, number, number]>, make: (n: number) => Uint8Array | Uint16Array): Uint8Array | Uint16Array {
  const data = make(SIZE * SIZE);
  for (const [cx, cy, r, v] of list) {
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) data[y * SIZE + x] = v;
  }
  return data;
}
const count = (data: Uint8Array) => data.reduce((a, b) => a + b, 0);

describe('reading ground-truth values', () => {
  it('reads a 16-bit instance label map (labels 1…N, far below half the type maximum) as non-zero foreground', () => {
    const labels = discs([[8, 8, 5, 1], [22, 9, 4, 2], [15, 24, 6, 183]], (n) => new Uint16Array(n));
    const mask = maskFromRaster(rasterFromInterleaved(SIZE, SIZE, 1, labels, 16));
    expect(mask.reading).toEqual({ kind: 'label-map', labels: 3, maxLabel: 183 });
    expect(count(mask.data)).toBe(labels.filter((v) => v > 0).length);
    expect(describeMaskReading(mask.reading!)).toContain('label map (3 labels');
  });

  it('reads an 8-bit class label map 0…3 as non-zero foreground', () => {
    const labels = discs([[8, 8, 6, 1], [22, 22, 6, 2], [22, 8, 5, 3]], (n) => new Uint8Array(n));
    const mask = maskFromRaster(rasterFromInterleaved(SIZE, SIZE, 1, labels, 8));
    expect(mask.reading?.kind).toBe('label-map');
    expect(count(mask.data)).toBe(labels.filter((v) => v > 0).length);
  });

  it('reads 0/255, 0/1 and 0/65535 and 12-bit 0/4095 as binary', () => {
    for (const [value, depth] of [[255, 8], [1, 8], [65535, 16], [4095, 16]] as const) {
      const data = discs([[16, 16, 8, value]], (n) => (depth === 16 ? new Uint16Array(n) : new Uint8Array(n)));
      const mask = maskFromRaster(rasterFromInterleaved(SIZE, SIZE, 1, data, depth));
      expect(mask.reading).toEqual({ kind: 'binary', foreground: value });
      expect(count(mask.data)).toBe(data.filter((v) => v > 0).length);
    }
  });

  it('cuts an anti-aliased 0/255 disc at half its maximum, not at any non-zero value', () => {
    // A disc with a one-pixel ramp around it, as bilinear resampling leaves.
    const data = new Uint8Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const d = Math.hypot(x - 16, y - 16) - 8;
        data[y * SIZE + x] = Math.round(255 * Math.min(1, Math.max(0, 0.5 - d / 1.5)));
      }
    }
    const mask = maskFromRaster(rasterFromInterleaved(SIZE, SIZE, 1, data, 8));
    expect(mask.reading?.kind).toBe('soft');
    expect(count(mask.data)).toBe(data.filter((v) => v >= 127.5).length);
    expect(count(mask.data)).toBeLessThan(data.filter((v) => v > 0).length);
  });

  it('does not mistake JPEG-like noise in the background for labels', () => {
    const data = discs([[16, 16, 8, 250]], (n) => new Uint8Array(n));
    for (let i = 0; i < data.length; i += 3) if (data[i] === 0) data[i] = 1 + (i % 7);
    expect(readMaskValues(data, SIZE).kind).toBe('soft');
  });

  it('reads coloured labels in an RGB mask by their brightest channel', () => {
    const rgb = new Uint8Array(SIZE * SIZE * 3);
    for (let i = 0; i < SIZE * SIZE; i++) {
      const x = i % SIZE;
      if (x >= 4 && x < 12) rgb[i * 3] = 64; // dark red region: a label, not "below half"
      if (x >= 20 && x < 28) rgb[i * 3 + 1] = 255;
    }
    const mask = maskFromRaster(rasterFromInterleaved(SIZE, SIZE, 3, rgb, 8));
    expect(mask.reading?.kind).toBe('label-map');
    expect(count(mask.data)).toBe(16 * SIZE);
  });

  it('says when a mask is empty, and reads real-valued masks at half their maximum', () => {
    expect(readMaskValues(new Float32Array(16), 4)).toEqual({ kind: 'empty' });
    expect(readMaskValues(Float32Array.from([0, 0.2, 0.6, 1]), 2).kind).toBe('soft');
  });
});

describe('a class map of small integers', () => {
  it('is a label map (not a soft edge), and says a one-class model scores all its classes together', () => {
    // 0 background, 1 and 2 two bands of columns: no value below half the maximum.
    const width = 8;
    const values = Array.from({ length: 64 }, (_, i) => {
      const x = i % width;
      return x < 3 ? 1 : x >= 5 ? 2 : 0;
    });
    const reading = readMaskValues(values, width);
    expect(reading).toEqual({ kind: 'label-map', labels: 2, maxLabel: 2 });
    expect(describeMaskReading(reading)).toContain('a one-class model is scored against all of them together');
  });
});
