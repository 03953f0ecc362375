import { describe, expect, it } from 'vitest';
import { composeSwipe, splitColumn } from './swipe';

/** A width × height RGBA image whose every pixel is (tag, x, y, 255). */
function tagged(tag: number, width: number, height: number): Uint8ClampedArray {
  const out = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) out.set([tag, x, y, 255], (y * width + x) * 4);
  return out;
}

describe('composeSwipe', () => {
  const [w, h] = [7, 3];
  const a = tagged(1, w, h);
  const b = tagged(2, w, h);

  it('takes the pixels left of the split from the first overlay and the rest from the second, at their own places', () => {
    const out = composeSwipe(a, b, w, h, 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) expect(Array.from(out.subarray((y * w + x) * 4, (y * w + x) * 4 + 4))).toEqual([x < 3 ? 1 : 2, x, y, 255]);
  });

  it('shows one overlay whole at either end (the flip), clamping splits outside the image', () => {
    expect(composeSwipe(a, b, w, h, 0)).toEqual(b);
    expect(composeSwipe(a, b, w, h, w)).toEqual(a);
    expect(composeSwipe(a, b, w, h, -5)).toEqual(b);
    expect(composeSwipe(a, b, w, h, 99)).toEqual(a);
  });

  it('refuses overlays of another size', () => {
    expect(() => composeSwipe(a, tagged(2, w, h + 1), w, h, 2)).toThrow(/7×3/);
  });
});

describe('splitColumn', () => {
  it('turns a fraction of the width into a whole column within the image', () => {
    expect(splitColumn(0.5, 400)).toBe(200);
    expect(splitColumn(0.251, 10)).toBe(3);
    expect(splitColumn(-1, 10)).toBe(0);
    expect(splitColumn(2, 10)).toBe(10);
  });
});
