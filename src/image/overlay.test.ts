import { describe, expect, it } from 'vitest';
import { OVERLAY_COLOURS, PALETTES, renderOverlay } from './overlay';

const box = { x0: 0, y0: 0, x1: 3, y1: 3 };
// A 3×3 prediction whose foreground is the full block: outline is the 8 border pixels.
const probabilities = Float32Array.from([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]);
const alphaAt = (rgba: Uint8ClampedArray) => Array.from({ length: 9 }, (_, i) => rgba[i * 4 + 3]);

describe('renderOverlay', () => {
  it('fill paints every predicted pixel', () => {
    const rgba = renderOverlay({ probabilities, box, width: 3, height: 3, threshold: 0.5, style: 'fill', truth: null });
    expect(alphaAt(rgba)).toEqual(new Array(9).fill(255));
  });
  it('outline leaves the interior clear', () => {
    const rgba = renderOverlay({ probabilities, box, width: 3, height: 3, threshold: 0.5, style: 'outline', truth: null });
    expect(alphaAt(rgba)).toEqual([255, 255, 255, 255, 0, 255, 255, 255, 255]);
  });
  it('outline with ground truth adds the edge of the truth in its own colour, everywhere, under the edge of the model', () => {
    // 5×4 image, model region = the left 3×3; prediction: the whole region. Truth: columns 2–4 of
    // rows 0–2 (it runs past the region) — its edge where the model's is not drawn.
    const truth = { width: 5, height: 4, data: Uint8Array.from([0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0]) };
    const rgba = renderOverlay({ probabilities, box, width: 5, height: 4, threshold: 0.5, style: 'outline', truth });
    const colourAt = (x: number, y: number) => (rgba[(y * 5 + x) * 4 + 3] === 0 ? null : Array.from(rgba.slice((y * 5 + x) * 4, (y * 5 + x) * 4 + 3)));
    const model = [...OVERLAY_COLOURS.outline];
    const edge = [...OVERLAY_COLOURS.truthOutline];
    expect(colourAt(2, 0)).toEqual(model); // both edges: the model's colour
    expect(colourAt(3, 0)).toEqual(edge); // the truth's edge outside the region
    expect(colourAt(3, 1)).toBeNull(); // the truth's interior
    expect(colourAt(4, 1)).toEqual(edge);
    expect(colourAt(1, 1)).toBeNull(); // the model's interior
    expect(colourAt(3, 3)).toBeNull(); // neither
    // Without truth nothing of it is drawn.
    const plain = renderOverlay({ probabilities, box, width: 5, height: 4, threshold: 0.5, style: 'outline', truth: null });
    expect(plain[(1 * 5 + 4) * 4 + 3]).toBe(0);
  });
  it('draws no edge against an open side (a zoomed view cut out of a larger mask)', () => {
    // The 3×3 all-foreground block seen as the middle of a larger mask: no side is its edge.
    const all = { left: true, top: true, right: true, bottom: true };
    const inside = renderOverlay({ probabilities, box, width: 3, height: 3, threshold: 0.5, style: 'outline', truth: null, openEdges: all });
    expect(alphaAt(inside)).toEqual(new Array(9).fill(0));
    // Open on the left only: the other three sides are still edges.
    const left = renderOverlay({ probabilities, box, width: 3, height: 3, threshold: 0.5, style: 'outline', truth: null, openEdges: { ...all, top: false, right: false, bottom: false } });
    expect(alphaAt(left)).toEqual([255, 255, 255, 0, 0, 255, 255, 255, 255]);
    // The ground truth's edge likewise.
    const truth = { width: 3, height: 3, data: new Uint8Array(9).fill(1) };
    const none = Float32Array.from(new Array(9).fill(0));
    expect(alphaAt(renderOverlay({ probabilities: none, box, width: 3, height: 3, threshold: 0.5, style: 'outline', truth, openEdges: all }))).toEqual(new Array(9).fill(0));
  });
  it('errors colour TP, FP and FN apart', () => {
    const p = Float32Array.from([0.9, 0.9, 0.1]);
    const truth = { width: 3, height: 1, data: Uint8Array.from([1, 0, 1]) };
    const rgba = renderOverlay({ probabilities: p, box: { x0: 0, y0: 0, x1: 3, y1: 1 }, width: 3, height: 1, threshold: 0.5, style: 'errors', truth });
    expect(Array.from(rgba.slice(0, 3))).toEqual([...OVERLAY_COLOURS.truePositive]);
    expect(Array.from(rgba.slice(4, 7))).toEqual([...OVERLAY_COLOURS.falsePositive]);
    expect(Array.from(rgba.slice(8, 11))).toEqual([...OVERLAY_COLOURS.falseNegative]);
  });
  it('the high-contrast palette changes the colours, not the pixels chosen', () => {
    const p = Float32Array.from([0.9, 0.9, 0.1]);
    const truth = { width: 3, height: 1, data: Uint8Array.from([1, 0, 1]) };
    const args = { probabilities: p, box: { x0: 0, y0: 0, x1: 3, y1: 1 }, width: 3, height: 1, threshold: 0.5, style: 'errors' as const, truth };
    const rgba = renderOverlay({ ...args, palette: 'high-contrast' });
    expect(Array.from(rgba.slice(0, 3))).toEqual([...PALETTES['high-contrast'].truePositive]);
    expect(Array.from(rgba.slice(4, 7))).toEqual([...PALETTES['high-contrast'].falsePositive]);
    expect(Array.from(rgba.slice(8, 11))).toEqual([...PALETTES['high-contrast'].falseNegative]);
  });
  it('heatmap alpha follows the probability', () => {
    const p = Float32Array.from([0, 0.5, 1]);
    const rgba = renderOverlay({ probabilities: p, box: { x0: 0, y0: 0, x1: 3, y1: 1 }, width: 3, height: 1, threshold: 0.5, style: 'heatmap', truth: null });
    expect([rgba[3], rgba[7], rgba[11]]).toEqual([0, 128, 255]);
  });
});
