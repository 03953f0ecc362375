import { describe, expect, it } from 'vitest';
import { type LabelMap } from '../image/labelMap';
import { type ClassInfo, defaultClass } from '../model/classes';
import { classMetricsCsv, type ClassMetricsRow } from './classCsv';
import { metricsCsv } from './csv';
import { classScores, classSurfaceDistances, confusionMatrix } from './multiClass';

const map = (rows: number[][]): LabelMap => ({ width: rows[0].length, height: rows.length, data: Uint8Array.from(rows.flat()) });
const spacing = { x: 0.5, y: 2 };
const scored = (image: string, truth: LabelMap, prediction: LabelMap, classes: number): ClassMetricsRow => ({
  image,
  scores: classScores(confusionMatrix(truth, prediction, classes)),
  surface: classSurfaceDistances(truth, prediction, classes, spacing),
});

// The shapes of multiClass.test.ts: class 1 overlaps (Dice 0.75), class 2 only in the truth,
// class 3 in neither, class 4 only in the prediction. Image b has class 3 alone, exactly.
const a = scored(
  'a.png',
  map([[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 2, 2], [0, 0, 2, 2]]),
  map([[1, 1, 1, 0], [1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 4]]),
  5,
);
const b = scored('b.png', map([[3, 0], [0, 0]]), map([[3, 0], [0, 0]]), 5);
const classes: ClassInfo[] = [{ ...defaultClass(1), name: 'head' }, { ...defaultClass(2), name: 'brain' }, { ...defaultClass(3), name: 'cyst' }, { ...defaultClass(4), name: 'a, b' }];
const context = { model: 'm', backend: 'wasm', threshold: 0.5 };

describe('classMetricsCsv', () => {
  it('writes a row per image and class, empty cells for a class in neither map, inf for one side, then the means', () => {
    expect(classMetricsCsv([a, b], classes, context).trim().split('\n')).toEqual([
      'image,class,dice,iou,precision,recall,hd95_px,assd_px,hd95_mm,assd_mm,model,backend',
      'a.png,head,0.75,0.6,0.75,0.75,0.85,0.25,0.425,0.125,m,wasm',
      'a.png,brain,0,0,0,0,inf,inf,inf,inf,m,wasm',
      'a.png,cyst,,,,,,,,,m,wasm',
      'a.png,"a, b",0,0,0,0,inf,inf,inf,inf,m,wasm',
      'b.png,head,,,,,,,,,m,wasm',
      'b.png,brain,,,,,,,,,m,wasm',
      'b.png,cyst,1,1,1,1,0,0,0,0,m,wasm',
      'b.png,"a, b",,,,,,,,,m,wasm',
      // Each class over the images that have it; then the mean of the four class means.
      '(mean of 1 pair),head,0.75,0.6,0.75,0.75,0.85,0.25,0.425,0.125,m,wasm',
      '(mean of 1 pair),brain,0,0,0,0,inf,inf,inf,inf,m,wasm',
      '(mean of 1 pair),cyst,1,1,1,1,0,0,0,0,m,wasm',
      '(mean of 1 pair),"a, b",0,0,0,0,inf,inf,inf,inf,m,wasm',
      '(mean of 2 pairs),(mean of foreground classes),0.4375,0.4,0.4375,0.4375,inf,inf,inf,inf,m,wasm',
    ]);
  });

  it('leaves boundary cells empty without distances, and writes only the header without rows', () => {
    const lines = classMetricsCsv([{ image: 'b.png', scores: b.scores }], classes, context).trim().split('\n');
    expect(lines[3]).toBe('b.png,cyst,1,1,1,1,,,,,m,wasm');
    expect(classMetricsCsv([], classes, context)).toBe('image,class,dice,iou,precision,recall,hd95_px,assd_px,hd95_mm,assd_mm,model,backend\n');
    expect(() => classMetricsCsv([a], classes.slice(0, 2), context)).toThrow(/a.png is scored on 4 classes, the model has 2/);
  });

  it('keeps the binary layout of metrics.csv for one class', () => {
    const one = (image: string, truth: LabelMap, prediction: LabelMap) => scored(image, truth, prediction, 2);
    const rows = [
      one('x.png', map([[1, 1], [0, 0]]), map([[1, 0], [0, 0]])),
      one('empty.png', map([[0, 0], [0, 0]]), map([[0, 0], [0, 0]])),
      one('missed.png', map([[1, 0], [0, 0]]), map([[0, 0], [0, 0]])),
    ];
    const binary = metricsCsv([
      { file: 'x.png', scores: { dice: 2 / 3, iou: 0.5, precision: 1, recall: 0.5 }, threshold: 0.5, model: 'm', backend: 'wasm', surface: { px: { hd95: 0.95, assd: 1 / 3 }, mm: { hd95: 0.475, assd: 0.5 / 3 } } },
      // Two empty masks score 1 (scores.ts); an empty side has no boundary distance (csv.ts).
      { file: 'empty.png', scores: { dice: 1, iou: 1, precision: 1, recall: 1 }, threshold: 0.5, model: 'm', backend: 'wasm', surface: { px: null, mm: null } },
      { file: 'missed.png', scores: { dice: 0, iou: 0, precision: 0, recall: 0 }, threshold: 0.5, model: 'm', backend: 'wasm', surface: { px: null, mm: null } },
    ]);
    expect(classMetricsCsv(rows, [classes[0]], context)).toBe(binary);
  });
});
