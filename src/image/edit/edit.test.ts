import { describe, expect, it } from 'vitest';
import { type BinaryMask } from '../mask';
import { paintSegment, paintStroke, stampDisc } from './brush';
import { ChangeRecorder, reapplyChange, revertChange } from './change';
import { fillAll, fillHoles, floodFill } from './fill';
import { EMPTY_HISTORY, type EditHistory, recordStep, redoStep, undoStep } from './history';
import { maskBoxToRgba, segmentBox } from './maskRgba';
import { fillPolygon } from './polygon';
import { addPoint, closesAt, outlineBox } from './outline';

const blank = (width: number, height: number): BinaryMask => ({ width, height, data: new Uint8Array(width * height) });
const count = (mask: BinaryMask) => mask.data.reduce((sum, v) => sum + v, 0);
/** Integer points (i, j) with i² + j² ≤ r²: the pixels of a disc centred on a pixel centre. */
const gaussCircle = (r: number) => {
  let n = 0;
  for (let i = -r; i <= r; i++) for (let j = -r; j <= r; j++) if (i * i + j * j <= r * r) n++;
  return n;
};

describe('brush', () => {
  it('stamps a disc of radius r around a pixel centre: 5, 13, 29, 81 pixels for r = 1, 2, 3, 5', () => {
    for (const [r, expected] of [[1, 5], [2, 13], [3, 29], [5, 81]]) {
      const mask = blank(20, 20);
      stampDisc(new ChangeRecorder(mask, 1), { x: 10.5, y: 10.5 }, r);
      expect(count(mask)).toBe(expected);
      expect(gaussCircle(r)).toBe(expected);
    }
  });

  it('paints at least the pixel under the pointer with a tiny radius', () => {
    const mask = blank(4, 4);
    stampDisc(new ChangeRecorder(mask, 1), { x: 2.2, y: 1.7 }, 0);
    expect(Array.from(mask.data).indexOf(1)).toBe(1 * 4 + 2);
    expect(count(mask)).toBe(1);
  });

  it('paints a line of length L and radius r as L·(2r+1) + the disc, with no gaps', () => {
    const mask = blank(40, 20);
    // 10 pixels long between pixel centres, radius 3: a 10×7 band plus two half discs.
    paintSegment(new ChangeRecorder(mask, 1), { x: 5.5, y: 10.5 }, { x: 15.5, y: 10.5 }, 3);
    expect(count(mask)).toBe(10 * 7 + gaussCircle(3));
  });

  it('does not depend on how often the pointer reported along a straight line', () => {
    const coarse = blank(60, 60);
    const fine = blank(60, 60);
    paintStroke(new ChangeRecorder(coarse, 1), [{ x: 5, y: 7 }, { x: 50, y: 41 }], 2.5);
    const steps = Array.from({ length: 46 }, (_, k) => ({ x: 5 + k, y: 7 + (34 * k) / 45 }));
    paintStroke(new ChangeRecorder(fine, 1), steps, 2.5);
    expect(Array.from(fine.data)).toEqual(Array.from(coarse.data));
  });

  it('erases with a recorder writing 0 and clips at the image edge', () => {
    const mask = blank(10, 10);
    mask.data.fill(1);
    stampDisc(new ChangeRecorder(mask, 0), { x: 0.5, y: 0.5 }, 2);
    // The quarter of a 13-pixel disc that lies in the image: 1 + 2 + 2 + 1 (centre, two arms, one diagonal).
    expect(100 - count(mask)).toBe(6);
  });

  it('records each changed pixel once and nothing that already had the value', () => {
    const mask = blank(20, 20);
    const recorder = new ChangeRecorder(mask, 1);
    paintStroke(recorder, [{ x: 5.5, y: 5.5 }, { x: 10.5, y: 5.5 }, { x: 5.5, y: 5.5 }], 2);
    const change = recorder.finish();
    expect(change?.indices.length).toBe(count(mask));
    expect(new Set(change?.indices).size).toBe(change?.indices.length);
    const again = new ChangeRecorder(mask, 1);
    stampDisc(again, { x: 5.5, y: 5.5 }, 2);
    expect(again.finish()).toBeNull();
  });
});

describe('polygon', () => {
  it('fills a rectangle of known area exactly', () => {
    const mask = blank(20, 20);
    fillPolygon(new ChangeRecorder(mask, 1), [{ x: 2, y: 3 }, { x: 12, y: 3 }, { x: 12, y: 8 }, { x: 2, y: 8 }]);
    expect(count(mask)).toBe(50);
    expect(mask.data[3 * 20 + 2]).toBe(1);
    expect(mask.data[8 * 20 + 2]).toBe(0);
  });

  it('fills a right triangle of legs 20: the 190 pixel centres strictly inside', () => {
    const mask = blank(30, 30);
    fillPolygon(new ChangeRecorder(mask, 1), [{ x: 0, y: 0 }, { x: 20, y: 0 }, { x: 0, y: 20 }]);
    expect(count(mask)).toBe(190);
  });

  it('fills by the even-odd rule (a self-crossing bow tie) and cuts with 0', () => {
    const mask = blank(20, 20);
    mask.data.fill(1);
    // Outer square 16×16 with a 4×4 square drawn inside it as a second loop: even-odd leaves the inner one out.
    fillPolygon(new ChangeRecorder(mask, 0), [
      { x: 2, y: 2 }, { x: 18, y: 2 }, { x: 18, y: 18 }, { x: 2, y: 18 }, { x: 2, y: 2 },
      { x: 8, y: 8 }, { x: 8, y: 12 }, { x: 12, y: 12 }, { x: 12, y: 8 }, { x: 8, y: 8 },
    ]);
    expect(400 - count(mask)).toBe(256 - 16);
    expect(mask.data[10 * 20 + 10]).toBe(1);
  });
});

describe('fill', () => {
  it('fills the hole of a ring and the inside of a closed outline, not the outside', () => {
    const mask = blank(30, 30);
    for (let y = 0; y < 30; y++)
      for (let x = 0; x < 30; x++) {
        const d2 = (x + 0.5 - 15) ** 2 + (y + 0.5 - 15) ** 2;
        if (d2 <= 100 && d2 > 36) mask.data[y * 30 + x] = 1;
      }
    const ring = count(mask);
    const recorder = new ChangeRecorder(mask, 1);
    fillHoles(recorder);
    // The hole is the disc of radius 6 around a pixel corner (15, 15): 112 pixels.
    let hole = 0;
    for (let y = 0; y < 30; y++) for (let x = 0; x < 30; x++) if ((x + 0.5 - 15) ** 2 + (y + 0.5 - 15) ** 2 <= 36) hole++;
    expect(hole).toBe(112);
    expect(count(mask)).toBe(ring + hole);
    expect(recorder.finish()?.indices.length).toBe(hole);
    expect(mask.data[0]).toBe(0);
  });

  it('leaves a region open to the border unfilled', () => {
    const mask = blank(10, 10);
    for (let x = 0; x < 10; x++) mask.data[5 * 10 + x] = 1; // a line across: both sides touch the border
    fillHoles(new ChangeRecorder(mask, 1));
    expect(count(mask)).toBe(10);
  });

  it('bucket-fills one 4-connected region and clears all', () => {
    const mask = blank(10, 10);
    for (let y = 0; y < 10; y++) mask.data[y * 10 + 4] = 1; // a wall at x = 4
    floodFill(new ChangeRecorder(mask, 1), 1, 1);
    expect(count(mask)).toBe(50);
    const clear = new ChangeRecorder(mask, 0);
    fillAll(clear);
    expect(count(mask)).toBe(0);
    expect(clear.finish()?.indices.length).toBe(50);
  });
});

describe('history', () => {
  it('undoes and redoes strokes exactly, stroke by stroke', () => {
    const mask = blank(50, 50);
    let history: EditHistory = EMPTY_HISTORY;
    const snapshots = [Array.from(mask.data)];
    const steps: [0 | 1, { x: number; y: number }[], number][] = [
      [1, [{ x: 10, y: 10 }, { x: 40, y: 30 }], 4],
      [0, [{ x: 20, y: 5 }, { x: 20, y: 45 }], 2],
      [1, [{ x: 25.5, y: 25.5 }], 6],
    ];
    for (const [value, points, radius] of steps) {
      const recorder = new ChangeRecorder(mask, value);
      paintStroke(recorder, points, radius);
      history = recordStep(history, recorder.finish()!);
      snapshots.push(Array.from(mask.data));
    }
    for (let k = steps.length - 1; k >= 0; k--) {
      history = undoStep(history, mask);
      expect(Array.from(mask.data)).toEqual(snapshots[k]);
    }
    expect(undoStep(history, mask)).toBe(history);
    for (let k = 1; k <= steps.length; k++) {
      history = redoStep(history, mask);
      expect(Array.from(mask.data)).toEqual(snapshots[k]);
    }
    expect(redoStep(history, mask)).toBe(history);
  });

  it('keeps at least 100 steps and a new step clears redo', () => {
    const mask = blank(200, 1);
    let history: EditHistory = EMPTY_HISTORY;
    for (let k = 0; k < 150; k++) {
      const recorder = new ChangeRecorder(mask, 1);
      recorder.set(k);
      history = recordStep(history, recorder.finish()!);
    }
    for (let k = 0; k < 150; k++) history = undoStep(history, mask);
    expect(count(mask)).toBe(0);
    history = redoStep(history, mask);
    const recorder = new ChangeRecorder(mask, 1);
    recorder.set(199);
    history = recordStep(history, recorder.finish()!);
    expect(history.undone).toHaveLength(0);
    expect(history.done).toHaveLength(2);
  });
});

describe('history limit', () => {
  it('lets go of the oldest steps beyond the limit', () => {
    const mask = blank(10, 1);
    let history: EditHistory = EMPTY_HISTORY;
    for (let k = 0; k < 5; k++) {
      const recorder = new ChangeRecorder(mask, 1);
      recorder.set(k);
      history = recordStep(history, recorder.finish()!, 3);
    }
    expect(history.done.map((c) => c.indices[0])).toEqual([2, 3, 4]);
  });
});

describe('mask layer', () => {
  it('colours the foreground of a box and covers a segment with its box', () => {
    const mask = blank(10, 10);
    mask.data[2 * 10 + 3] = 1;
    const box = segmentBox(mask, { x: 3.5, y: 2.5 }, { x: 3.5, y: 2.5 }, 1);
    expect(box).toEqual({ x0: 2, y0: 1, x1: 5, y1: 4 });
    const rgba = maskBoxToRgba(mask, box!, [[10, 20, 30]], 200);
    expect(Array.from(rgba.slice(4 * 4, 4 * 5))).toEqual([10, 20, 30, 200]);
    expect(rgba.reduce((s, v) => s + v, 0)).toBe(260);
  });

  it('colours class indices each in their class colour', () => {
    const mask = blank(3, 1);
    mask.data.set([0, 1, 2]);
    const rgba = maskBoxToRgba(mask, { x0: 0, y0: 0, x1: 3, y1: 1 }, [[1, 2, 3], [4, 5, 6]], 255);
    expect(Array.from(rgba)).toEqual([0, 0, 0, 0, 1, 2, 3, 255, 4, 5, 6, 255]);
  });
});

describe('stored masks', () => {
  it('round-trips a mask through its PNG exactly', async () => {
    const { encodeMaskPng } = await import('../pngEncode');
    const { maskFromPng } = await import('./storedMask');
    const mask = { width: 5, height: 3, data: Uint8Array.from([0, 1, 1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0]) };
    expect(maskFromPng(encodeMaskPng(mask))).toEqual(mask);
  });
});

describe('outline being drawn', () => {
  it('drops points closer than the minimum distance to the last one', () => {
    let points = addPoint([], { x: 1, y: 1 }, 2);
    points = addPoint(points, { x: 2, y: 1 }, 2);
    expect(points).toEqual([{ x: 1, y: 1 }]);
    points = addPoint(points, { x: 3.5, y: 1 }, 2);
    expect(points).toEqual([{ x: 1, y: 1 }, { x: 3.5, y: 1 }]);
  });

  it('closes at the first corner once there are three', () => {
    const two = [{ x: 10, y: 10 }, { x: 30, y: 10 }];
    expect(closesAt(two, { x: 10, y: 11 }, 3)).toBe(false);
    const three = [...two, { x: 30, y: 30 }];
    expect(closesAt(three, { x: 11, y: 12 }, 3)).toBe(true);
    expect(closesAt(three, { x: 14, y: 10 }, 3)).toBe(false);
  });

  it('boxes every pixel a fill of the outline can touch, clipped to the image', () => {
    const points = [{ x: 10.2, y: 5.5 }, { x: 30.7, y: 5.5 }, { x: 20, y: 25.1 }];
    const box = outlineBox(points, 100, 100);
    expect(box).toEqual({ x0: 10, y0: 5, x1: 32, y1: 27 });
    const mask = blank(100, 100);
    fillPolygon(new ChangeRecorder(mask, 1), points);
    for (let y = 0; y < 100; y++)
      for (let x = 0; x < 100; x++) if (mask.data[y * 100 + x] && box) expect(x >= box.x0 && x < box.x1 && y >= box.y0 && y < box.y1).toBe(true);
    expect(outlineBox([{ x: -50, y: -50 }, { x: -10, y: -5 }], 100, 100)).toBeNull();
    expect(outlineBox([{ x: 90, y: 90 }, { x: 150, y: 120 }], 100, 100)).toEqual({ x0: 90, y0: 90, x1: 100, y1: 100 });
  });
});

describe('editing class indices', () => {
  it('paints a class over another and undo puts each pixel back to what it held', () => {
    const mask = blank(4, 1);
    mask.data.set([0, 1, 2, 1]);
    const recorder = new ChangeRecorder(mask, 2);
    fillAll(recorder);
    const change = recorder.finish();
    expect(Array.from(mask.data)).toEqual([2, 2, 2, 2]);
    revertChange(mask, change!);
    expect(Array.from(mask.data)).toEqual([0, 1, 2, 1]);
    reapplyChange(mask, change!);
    expect(Array.from(mask.data)).toEqual([2, 2, 2, 2]);
  });

  it('bucket-fills the region of one class with another', () => {
    const mask = blank(5, 1);
    mask.data.set([1, 1, 2, 1, 1]);
    const recorder = new ChangeRecorder(mask, 3);
    floodFill(recorder, 0, 0);
    expect(Array.from(mask.data)).toEqual([3, 3, 2, 1, 1]);
  });
});
