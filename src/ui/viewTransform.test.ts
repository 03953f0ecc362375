import { describe, expect, it } from 'vitest';
import { clampPan, cssTransform, fitTransform, MAX_SCALE, minScale, panBy, toImage, toScreen, wheelFactor, ZOOM_STEP, zoomAbout, zoomTo } from './viewTransform';

const limits = { min: 0.1, max: MAX_SCALE };

describe('view transform', () => {
  it('maps image to screen and back', () => {
    const t = { scale: 2.5, x: -30, y: 12 };
    expect(toScreen(t, { x: 10, y: 4 })).toEqual({ x: -5, y: 22 });
    expect(toImage(t, { x: -5, y: 22 })).toEqual({ x: 10, y: 4 });
    for (const p of [{ x: 0, y: 0 }, { x: 3999.5, y: 2999.5 }, { x: 17.25, y: 0.125 }]) {
      const back = toImage(t, toScreen(t, p));
      expect(back.x).toBeCloseTo(p.x, 9);
      expect(back.y).toBeCloseTo(p.y, 9);
    }
  });

  it('fits the whole image, centred, letterboxing the short side', () => {
    expect(fitTransform({ width: 400, height: 200 }, { width: 800, height: 800 })).toEqual({ scale: 2, x: 0, y: 200 });
    expect(fitTransform({ width: 4000, height: 3000 }, { width: 800, height: 800 })).toEqual({ scale: 0.2, x: 0, y: 100 });
    // Not measured yet: identity rather than a division by zero.
    expect(fitTransform({ width: 400, height: 200 }, { width: 0, height: 0 })).toEqual({ scale: 1, x: 0, y: 0 });
  });

  it('zooms about a point: the image pixel under it stays under it', () => {
    const t = { scale: 0.2, x: 0, y: 100 };
    const anchor = { x: 312, y: 417 };
    const under = toImage(t, anchor);
    for (const factor of [4, ZOOM_STEP, 1 / ZOOM_STEP, 0.9]) {
      const z = zoomAbout(t, factor, anchor, limits);
      expect(z.scale).toBeCloseTo(t.scale * factor, 12);
      const after = toScreen(z, under);
      expect(after.x).toBeCloseTo(anchor.x, 9);
      expect(after.y).toBeCloseTo(anchor.y, 9);
    }
  });

  it('clamps the zoom to its limits, still about the point', () => {
    const t = { scale: 1, x: 0, y: 0 };
    const z = zoomTo(t, 1000, { x: 10, y: 10 }, limits);
    expect(z.scale).toBe(MAX_SCALE);
    expect(toScreen(z, { x: 10, y: 10 })).toEqual({ x: 10, y: 10 });
    expect(zoomAbout(t, 1e-6, { x: 0, y: 0 }, limits).scale).toBe(0.1);
  });

  it('the smallest zoom is half the fit, or half of 100 % for small images', () => {
    expect(minScale({ width: 4000, height: 3000 }, { width: 800, height: 600 })).toBe(0.1);
    expect(minScale({ width: 100, height: 100 }, { width: 800, height: 600 })).toBe(0.5);
  });

  it('pans, and keeps a strip of the image in view', () => {
    const image = { width: 400, height: 300 };
    const viewport = { width: 800, height: 600 };
    expect(panBy({ scale: 4, x: -10, y: -20 }, 5, -5)).toEqual({ scale: 4, x: -5, y: -25 });
    // Within bounds: unchanged.
    expect(clampPan({ scale: 4, x: -100, y: -100 }, image, viewport)).toEqual({ scale: 4, x: -100, y: -100 });
    // Dragged far off to the left/top: 48 px of the image stay visible at the left/top edge.
    expect(clampPan({ scale: 4, x: -5000, y: -5000 }, image, viewport)).toEqual({ scale: 4, x: 48 - 1600, y: 48 - 1200 });
    // Far off to the right/bottom: 48 px stay at the right/bottom edge.
    expect(clampPan({ scale: 4, x: 5000, y: 5000 }, image, viewport)).toEqual({ scale: 4, x: 800 - 48, y: 600 - 48 });
  });

  it('writes the CSS transform for a top-left origin', () => {
    expect(cssTransform({ scale: 4, x: -12.5, y: 3 })).toBe('translate(-12.5px, 3px) scale(4)');
  });

  it('one mouse-wheel notch is about one zoom step; wheel down zooms out', () => {
    expect(wheelFactor(-100, 0, false)).toBeCloseTo(ZOOM_STEP, 9);
    expect(wheelFactor(100, 0, false)).toBeCloseTo(1 / ZOOM_STEP, 9);
    expect(wheelFactor(-3, 1, false)).toBeGreaterThan(1);
    expect(wheelFactor(-10, 0, true)).toBeCloseTo(Math.exp(0.1), 9);
  });
});
