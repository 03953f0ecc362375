import { describe, expect, it } from 'vitest';
import { PALETTES } from './overlay';
import { truthClassOverlay, truthOverlay, truthStyle } from './truthOverlay';

const pixel = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.subarray(i * 4, i * 4 + 4));

describe('truthOverlay', () => {
  // 4 × 3, a 2 × 2 square of foreground at (1, 0)–(2, 1).
  const truth = { width: 4, height: 3, data: Uint8Array.from([0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]) };

  it('fills the truth in the prediction colour of the palette, transparent elsewhere', () => {
    const out = truthOverlay(truth, 'fill', 'okabe-ito');
    for (let i = 0; i < 12; i++) expect(pixel(out, i)).toEqual(truth.data[i] ? [...PALETTES['okabe-ito'].mask, 255] : [0, 0, 0, 0]);
    expect(pixel(truthOverlay(truth, 'heatmap', 'high-contrast'), 1)).toEqual([...PALETTES['high-contrast'].mask, 255]);
  });

  it('outlines it in the outline colour when the prediction is outlined', () => {
    expect(pixel(truthOverlay(truth, 'outline', 'okabe-ito'), 1)).toEqual([...PALETTES['okabe-ito'].outline, 255]);
  });

  it('draws the heatmap and error views as a fill', () => {
    expect(truthStyle('heatmap')).toBe('fill');
    expect(truthStyle('errors')).toBe('fill');
    expect(truthStyle('outline')).toBe('outline');
  });
});

describe('truthClassOverlay', () => {
  it('paints each class in its colour and leaves out hidden ones', () => {
    const labels = { width: 3, height: 1, data: Uint8Array.from([0, 1, 2]) };
    const colours = [[10, 20, 30], [40, 50, 60]] as const;
    const view = { colours, hidden: new Set<number>(), chosen: 1, style: 'errors' as const, palette: 'okabe-ito' as const };
    const out = truthClassOverlay(labels, view);
    expect([pixel(out, 0), pixel(out, 1), pixel(out, 2)]).toEqual([[0, 0, 0, 0], [10, 20, 30, 255], [40, 50, 60, 255]]);
    expect(pixel(truthClassOverlay(labels, { ...view, hidden: new Set([2]) }), 2)).toEqual([0, 0, 0, 0]);
  });
});
