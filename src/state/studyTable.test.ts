/** The per-image table: rows from items (scores from histograms, areas with and without ground truth) and sorting. */
import { describe, expect, it } from 'vitest';
import { type ThresholdHistogram } from '../metrics/thresholdHistogram';
import { sortStudyRows, studyRows } from './studyTable';
import { type ImageItem } from './types';

function histogram(fg: Record<number, number>, bg: Record<number, number>, steps = 10): ThresholdHistogram {
  const foreground = new Uint32Array(steps + 2);
  const background = new Uint32Array(steps + 2);
  for (const [k, n] of Object.entries(fg)) foreground[Number(k) + 1] = n;
  for (const [k, n] of Object.entries(bg)) background[Number(k) + 1] = n;
  return { steps, foreground, background };
}

function item(name: string, h: ThresholdHistogram | null, extra: Partial<ImageItem> = {}): ImageItem {
  return {
    id: name,
    name,
    status: 'done',
    segmentation: null,
    mask: h ? { histogram: h, error: null } : null,
    ...extra,
  } as unknown as ImageItem;
}

describe('studyRows', () => {
  it('scores pairs from their histograms and gives areas with and without ground truth', () => {
    // a: 4 truth at 0.8, 2 background at 0.3 → at 0.5: Dice 1, area 4.  b: 2 truth at 0.9, 2 truth at 0.2, 2 bg at 0.7 → Dice 4/8, area 4.
    const a = item('scan10', histogram({ 8: 4 }, { 3: 2 }));
    const b = item('scan2', histogram({ 9: 2, 2: 2 }, { 7: 2 }));
    // c: no ground truth; a 2×2 grid over a 2×1 box: the box's pixels come out of the grid's top row.
    const grid = Float32Array.from([0.9, 0.2, 0.9, 0.2]);
    const c = item('scan3', null, { segmentation: { grid, gridSize: 2, region: { x: 0, y: 0, size: 2 }, box: { x0: 0, y0: 0, x1: 2, y1: 1 } } as ImageItem['segmentation'] });
    const d = item('scan4', null, { status: 'waiting' });
    const rows = studyRows([a, b, c, d], 0.5);
    expect(rows.map((r) => r.scores?.dice ?? null)).toEqual([1, 0.5, null, null]);
    expect(rows[1].scores).toEqual({ dice: 0.5, iou: 2 / 6, precision: 0.5, recall: 0.5 });
    expect(rows.map((r) => r.areaPx)).toEqual([4, 4, expect.any(Number), null]);
    expect(rows[2].areaPx).toBeGreaterThan(0);
    expect(rows[2].areaPx).toBeLessThanOrEqual(2);
  });
});

describe('sortStudyRows', () => {
  const rows = [
    { id: 'b', name: 'scan10', scores: { dice: 0.9, iou: 0.8, precision: 1, recall: 0.7 }, areaPx: 50 },
    { id: 'a', name: 'scan2', scores: { dice: 0.4, iou: 0.3, precision: 0.5, recall: 0.9 }, areaPx: 10 },
    { id: 'c', name: 'scan1', scores: null, areaPx: 99 },
    { id: 'd', name: 'scan3', scores: { dice: 0.6, iou: 0.5, precision: 0.2, recall: 0.8 }, areaPx: null },
  ];
  const ids = (column: Parameters<typeof sortStudyRows>[1], direction: Parameters<typeof sortStudyRows>[2]) => sortStudyRows(rows, column, direction).map((r) => r.id);

  it('puts the worst Dice first, images without ground truth last', () => {
    expect(ids('dice', 'ascending')).toEqual(['a', 'd', 'b', 'c']);
    expect(ids('dice', 'descending')).toEqual(['b', 'd', 'a', 'c']);
  });

  it('sorts by every column, missing values last either way', () => {
    expect(ids('recall', 'descending')).toEqual(['a', 'd', 'b', 'c']);
    expect(ids('precision', 'ascending')).toEqual(['d', 'a', 'b', 'c']);
    expect(ids('area', 'descending')).toEqual(['c', 'b', 'a', 'd']);
    expect(ids('area', 'ascending')).toEqual(['a', 'b', 'c', 'd']);
    expect(ids('name', 'ascending')).toEqual(['c', 'a', 'd', 'b']);
    expect(ids('name', 'descending')).toEqual(['b', 'd', 'a', 'c']);
  });
});
