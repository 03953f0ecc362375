import { describe, expect, it } from 'vitest';
import { renderClassOverlay } from './classOverlay';
import { PALETTES } from './overlay';

const map = (rows: string[]) => ({ width: rows[0].length, height: rows.length, data: Uint8Array.from(rows.join('').split('').map(Number)) });
const colours = [[255, 0, 0], [0, 0, 255]] as const;
const box = { x0: 0, y0: 0, x1: 4, y1: 4 };
const colourAt = (rgba: Uint8ClampedArray, i: number) => Array.from(rgba.slice(i * 4, i * 4 + 4));

describe('renderClassOverlay', () => {
  const labels = map(['1100', '1100', '0222', '0222']);
  const base = { labels, colours, hidden: new Set<number>(), chosen: 1, chosenProbabilities: null, box, truth: null };

  it('fills each class in its colour and leaves hidden classes and background clear', () => {
    const fill = renderClassOverlay({ ...base, style: 'fill' });
    expect(colourAt(fill, 0)).toEqual([255, 0, 0, 255]);
    expect(colourAt(fill, 9)).toEqual([0, 0, 255, 255]);
    expect(colourAt(fill, 2)).toEqual([0, 0, 0, 0]);
    const hidden = renderClassOverlay({ ...base, style: 'fill', hidden: new Set([2]) });
    expect(colourAt(hidden, 9)).toEqual([0, 0, 0, 0]);
    expect(colourAt(hidden, 0)).toEqual([255, 0, 0, 255]);
    const faint = renderClassOverlay({ ...base, style: 'fill', opacity: [0.5, 1] });
    expect(colourAt(faint, 0)).toEqual([255, 0, 0, 128]);
    expect(colourAt(faint, 9)).toEqual([0, 0, 255, 255]);
  });

  it('outlines a class where a 4-neighbour is of another class', () => {
    const wide = map(['22222', '22222', '22222']);
    const o = renderClassOverlay({ ...base, labels: wide, box: { x0: 0, y0: 0, x1: 5, y1: 3 }, style: 'outline' });
    expect(colourAt(o, 7)[3]).toBe(0); // the one interior pixel
    expect(colourAt(o, 0)).toEqual([0, 0, 255, 255]);
  });

  it('outline with ground truth adds its edges where the model drew none, hidden classes left out', () => {
    // Model: nothing. Truth: class 1 in the top-left 2×2, class 2 in the right 2×4 column.
    const none = map(['0000', '0000', '0000', '0000']);
    const truth = map(['1122', '1122', '0022', '0022']);
    const edge = [...PALETTES['okabe-ito'].truthOutline, 255];
    const o = renderClassOverlay({ ...base, labels: none, style: 'outline', truth });
    expect(colourAt(o, 0)).toEqual(edge);
    expect(colourAt(o, 3)).toEqual(edge);
    expect(colourAt(o, 8)).toEqual([0, 0, 0, 0]);
    const hidden = renderClassOverlay({ ...base, labels: none, style: 'outline', truth, hidden: new Set([2]) });
    expect(colourAt(hidden, 3)).toEqual([0, 0, 0, 0]);
    expect(colourAt(hidden, 0)).toEqual(edge);
    // The model's edge keeps its colour where both lie.
    const both = renderClassOverlay({ ...base, style: 'outline', truth });
    expect(colourAt(both, 0)).toEqual([255, 0, 0, 255]);
  });

  it('draws no class edge against an open side', () => {
    const wide = map(['22222', '22222', '22222']);
    const all = { left: true, top: true, right: true, bottom: true };
    const o = renderClassOverlay({ ...base, labels: wide, box: { x0: 0, y0: 0, x1: 5, y1: 3 }, style: 'outline', openEdges: all });
    expect(Array.from({ length: 15 }, (_, i) => colourAt(o, i)[3])).toEqual(new Array(15).fill(0));
  });

  it('shows TP / FP / FN of the chosen class only', () => {
    const truth = map(['1000', '1100', '0222', '0022']);
    const e = renderClassOverlay({ ...base, style: 'errors', truth, chosen: 2 });
    const c = PALETTES['okabe-ito'];
    expect(colourAt(e, 10)).toEqual([...c.truePositive, 255]);
    expect(colourAt(e, 13)).toEqual([...c.falsePositive, 255]);
    expect(colourAt(e, 1)).toEqual([0, 0, 0, 0]); // a class-1 error is not shown for class 2
  });
});
