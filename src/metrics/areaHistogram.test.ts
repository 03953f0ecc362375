/** The area histogram gives the same count as thresholding every pixel directly. */
import { describe, expect, it } from 'vitest';
import { isForeground } from '../image/mask';
import { areaFromHistogram, buildAreaHistogram } from './areaHistogram';

describe('areaHistogram', () => {
  it('counts the pixels at or above each grid threshold exactly', () => {
    const p = Float32Array.from([0, 0.1, 0.43, 0.4299, 0.5, 0.999, 1, 0.43]);
    const h = buildAreaHistogram(p);
    for (const t of [0, 0.1, 0.43, 0.5, 0.999, 1]) expect(areaFromHistogram(h, t)).toBe(p.filter((v) => isForeground(v, t)).length);
    expect(areaFromHistogram(h, 0.43)).toBe(5);
  });
});
