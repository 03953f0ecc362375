import { describe, expect, it } from 'vitest';
import { type LabelMap } from '../image/labelMap';
import {
  classConfusion,
  classScores,
  classSurfaceDistances,
  confusionMatrix,
  meanClassScores,
  meanScoresPerClass,
  sumConfusionMatrices,
  binaryMaskHint,
} from './multiClass';

const map = (rows: number[][]): LabelMap => ({ width: rows[0].length, height: rows.length, data: Uint8Array.from(rows.flat()) });

// Five classes (background + 4). Class 1: a 2×2 square, predicted as an L of 4 (tp 3, fp 1, fn 1);
// class 2 only in the truth; class 3 in neither; class 4 only in the prediction (1 pixel).
const truth = map([
  [1, 1, 0, 0],
  [1, 1, 0, 0],
  [0, 0, 2, 2],
  [0, 0, 2, 2],
]);
const prediction = map([
  [1, 1, 1, 0],
  [1, 0, 0, 0],
  [0, 0, 0, 0],
  [0, 0, 0, 4],
]);
const C = 5;

describe('multi-class confusion matrix', () => {
  it('counts (truth, prediction) pairs, rows = truth', () => {
    const m = confusionMatrix(truth, prediction, C);
    expect(Array.from(m.counts)).toEqual([
      [7, 1, 0, 0, 0],
      [1, 3, 0, 0, 0],
      [3, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ].flat());
    expect(classConfusion(m, 1)).toEqual({ tp: 3, fp: 1, fn: 1, tn: 11 });
    expect(classConfusion(m, 4)).toEqual({ tp: 0, fp: 1, fn: 0, tn: 15 });
  });

  it('names a 0/1 mask given to a model of several classes when the model found another class', () => {
    const table = ['pubic symphysis', 'fetal head', 'c3', 'c4'].map((name, i) => ({ name, value: i + 1, color: '#000000' }));
    const binary = map([
      [0, 1, 1, 0],
      [0, 1, 1, 0],
    ]);
    const found = map([
      [0, 1, 2, 2],
      [0, 1, 2, 0],
    ]);
    expect(binaryMaskHint(confusionMatrix(binary, found, C), table)).toBe(
      'the mask holds only value 1 (pubic symphysis); the model also found fetal head, absent from the mask, so it counts as a false positive. If this is a binary mask of any foreground, score it with a one-class model',
    );
    // Nothing to say: the model found only class 1; the truth holds two classes; the one class is not value 1.
    expect(binaryMaskHint(confusionMatrix(binary, binary, C), table)).toBeNull();
    expect(binaryMaskHint(confusionMatrix(truth, prediction, C), table)).toBeNull();
    expect(binaryMaskHint(confusionMatrix(found, binary, C), table)).toBeNull();
    const onlyHead = map([
      [0, 2, 2, 0],
      [0, 2, 2, 0],
    ]);
    expect(binaryMaskHint(confusionMatrix(onlyHead, found, C), table)).toBeNull();
  });

  it('refuses maps of different sizes and class indices beyond the table', () => {
    expect(() => confusionMatrix(truth, map([[0, 0]]), C)).toThrow(/one size: 4×4 and 2×1/);
    expect(() => confusionMatrix(truth, prediction, 4)).toThrow(/class 4, beyond the 3 foreground classes/);
  });

  it('sums over images', () => {
    const m = confusionMatrix(truth, prediction, C);
    const sum = sumConfusionMatrices([m, m]);
    expect(Array.from(sum.counts)).toEqual(Array.from(m.counts, (v) => 2 * v));
    expect(() => sumConfusionMatrices([])).toThrow(/no confusion/);
    expect(() => sumConfusionMatrices([m, confusionMatrix(truth, truth, 6)])).toThrow(/5 and 6 classes/);
  });
});

describe('per-class scores', () => {
  const scores = classScores(confusionMatrix(truth, prediction, C));
  it('scores each class one-vs-rest; one side only scores 0; neither side has no scores', () => {
    expect(scores).toEqual([
      // Dice 6/8, IoU 3/5, precision 3/4, recall 3/4.
      { classIndex: 1, presence: 'both', scores: { dice: 0.75, iou: 0.6, precision: 0.75, recall: 0.75 } },
      { classIndex: 2, presence: 'truth', scores: { dice: 0, iou: 0, precision: 0, recall: 0 } },
      { classIndex: 3, presence: 'neither', scores: null },
      { classIndex: 4, presence: 'prediction', scores: { dice: 0, iou: 0, precision: 0, recall: 0 } },
    ]);
  });

  it('means over the foreground classes present on either side, never background', () => {
    // Classes 1, 2 and 4; class 3 is left out.
    expect(meanClassScores(scores)).toEqual({ dice: 0.25, iou: 0.6 / 3, precision: 0.25, recall: 0.25 });
    expect(meanClassScores(classScores(confusionMatrix(map([[0]]), map([[0]]), 3)))).toBeNull();
  });

  it('means each class over the images that have it', () => {
    // Image B: class 3 only, predicted exactly.
    const b = classScores(confusionMatrix(map([[3, 0], [0, 0]]), map([[3, 0], [0, 0]]), C));
    const perfect = { dice: 1, iou: 1, precision: 1, recall: 1 };
    expect(meanScoresPerClass([scores, b])).toEqual([scores[0].scores, scores[1].scores, perfect, scores[3].scores]);
    expect(meanScoresPerClass([b])).toEqual([null, null, perfect, null]);
    expect(() => meanScoresPerClass([scores, b.slice(1)])).toThrow(/different numbers of classes/);
  });
});

describe('per-class surface distances', () => {
  it('measures each class on its own mask; MONAI: +Infinity on one side, null on neither', () => {
    // Class 1: every pixel of both shapes is on the surface; pred (0,2) is 1 column from truth (0,1),
    // truth (1,1) 1 from pred (0,1) and (1,0), the rest 0. Each direction: [0, 0, 0, 1] → P95 = 0.85;
    // ASSD = 2 / 8. With 0.5 mm per column and 2 mm per row both 1-pixel steps are 0.5 mm (columns).
    const d = classSurfaceDistances(truth, prediction, C, { x: 0.5, y: 2 });
    expect(d[0].classIndex).toBe(1);
    expect(d[0].px?.hd95).toBeCloseTo(0.85, 12);
    expect(d[0].px?.assd).toBe(0.25);
    expect(d[0].mm?.hd95).toBeCloseTo(0.425, 12);
    expect(d[0].mm?.assd).toBe(0.125);
    expect(d.slice(1)).toEqual([
      { classIndex: 2, px: { hd95: Infinity, assd: Infinity }, mm: { hd95: Infinity, assd: Infinity } },
      { classIndex: 3, px: null, mm: null },
      { classIndex: 4, px: { hd95: Infinity, assd: Infinity }, mm: { hd95: Infinity, assd: Infinity } },
    ]);
    expect(classSurfaceDistances(truth, prediction, C)[1]).toEqual({ classIndex: 2, px: { hd95: Infinity, assd: Infinity }, mm: null });
    expect(() => classSurfaceDistances(truth, map([[0]]), C)).toThrow(/one size/);
  });
});
