import { describe, expect, it } from 'vitest';
import { overviewOf } from '../image/displayView';
import { type Segmentation } from '../image/segmentation';
import { OVERLAY_COLOURS } from '../image/overlay';
import { overlayInView, overlaySource } from './viewLayers';

// A 64×64 image whose model output is foreground everywhere inside its box (the whole image).
const segmentation: Segmentation = { grid: new Float32Array(16).fill(0.9), gridSize: 4, region: { x: 0, y: 0, size: 64 }, box: { x0: 0, y0: 0, x1: 64, y1: 64 }, window: { center: 127.5, width: 255 }, inferenceMs: 0 };
const look = { threshold: 0.5, style: 'outline' as const, palette: 'okabe-ito' as const, classView: null };
const outlinePixels = (rgba: Uint8ClampedArray) => {
  let n = 0;
  for (let i = 0; i < rgba.length; i += 4) if (rgba[i + 3] === 255 && rgba[i] === OVERLAY_COLOURS.outline[0] && rgba[i + 1] === OVERLAY_COLOURS.outline[1]) n++;
  return n;
};

describe('overlay of a zoomed view', () => {
  it('outlines the mask at the image border, not at the borders of a view cut out of its middle', () => {
    // The whole image: its border is the mask's edge (4 × 64 − 4 pixels).
    const whole = overlaySource(segmentation, null, null, overviewOf(64, 64), 64, 64);
    expect(outlinePixels(overlayInView(whole, look))).toBe(4 * 64 - 4);
    // A 16×16 view inside it: no edge on screen, so nothing drawn (it drew a frame of 60 pixels).
    const middle = overlaySource(segmentation, null, null, { x0: 24, y0: 24, step: 1, width: 16, height: 16 }, 64, 64);
    expect(middle.open).toEqual({ left: true, top: true, right: true, bottom: true });
    expect(outlinePixels(overlayInView(middle, look))).toBe(0);
    // A view at the top-left corner: the image's top and left borders are edges, the others not.
    const corner = overlaySource(segmentation, null, null, { x0: 0, y0: 0, step: 1, width: 16, height: 16 }, 64, 64);
    expect(outlinePixels(overlayInView(corner, look))).toBe(16 + 16 - 1);
  });

  it('keeps the image border closed on an overview whose step is fractional (4001 px at 1400)', () => {
    const overview = overviewOf(4001, 300, 1400);
    expect(overview.x0 + overview.width * overview.step).toBeLessThan(4001);
    expect(overlaySource(segmentation, null, null, overview, 4001, 300).open).toEqual({ left: false, top: false, right: false, bottom: false });
  });
});
