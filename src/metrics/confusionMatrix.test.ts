import { describe, expect, it } from 'vitest';
import { classConfusion, classScores, confusionMatrix, meanClassScores, sumMatrices } from './confusionMatrix';

const map = (rows: string[]) => ({ width: rows[0].length, height: rows.length, data: Uint8Array.from(rows.join('').split('').map(Number)) });

describe('confusionMatrix', () => {
  // Truth: class 1 a 2×2 square, class 2 a 2×1 bar. Prediction: class 1 one pixel short and one
  // pixel spilling onto the bar; class 3 absent from both.
  const truth = map(['1100', '1100', '0022']);
  const predicted = map(['1100', '1000', '0012']);
  const m = confusionMatrix(truth, predicted, 4);

  it('counts pixels by (true, predicted) class', () => {
    expect(Array.from(m)).toEqual([
      6, 0, 0, 0, // true background: 6 right
      1, 3, 0, 0, // true class 1: 1 missed, 3 right
      0, 1, 1, 0, // true class 2: 1 taken for class 1, 1 right
      0, 0, 0, 0,
    ]);
    expect(classConfusion(m, 4, 1)).toEqual({ tp: 3, fp: 1, fn: 1, tn: 7 });
    expect(classConfusion(m, 4, 2)).toEqual({ tp: 1, fp: 0, fn: 1, tn: 10 });
  });

  it('scores each class one-vs-rest and leaves a class absent from both unscored', () => {
    const [c1, c2, c3] = classScores(m, 4);
    expect(c1?.dice).toBeCloseTo(6 / 8, 12);
    expect(c1?.iou).toBeCloseTo(3 / 5, 12);
    expect(c2?.dice).toBeCloseTo(2 / 3, 12);
    expect(c2?.precision).toBe(1);
    expect(c2?.recall).toBe(0.5);
    expect(c3).toBeNull();
  });

  it('gives Dice 0 to a class on one side only', () => {
    const [c1, c2] = classScores(confusionMatrix(map(['0110']), map(['0220']), 3), 3);
    expect(c1?.dice).toBe(0);
    expect(c2?.dice).toBe(0);
  });

  it('means each class over the images it is scored on, then over the classes', () => {
    const a = classScores(m, 4);
    const b = classScores(confusionMatrix(map(['1100']), map(['1100']), 4), 4); // class 1 perfect, 2 and 3 absent
    const { perClass, mean } = meanClassScores([a, b], 3);
    expect(perClass[0]?.dice).toBeCloseTo((0.75 + 1) / 2, 12);
    expect(perClass[1]?.dice).toBeCloseTo(2 / 3, 12);
    expect(perClass[2]).toBeNull();
    expect(mean?.dice).toBeCloseTo((0.875 + 2 / 3) / 2, 12);
    expect(Array.from(sumMatrices([m, m]) ?? [])).toEqual(Array.from(m).map((v) => 2 * v));
  });

  it('refuses maps of different sizes and labels beyond the classes', () => {
    expect(() => confusionMatrix(map(['01']), map(['0']), 2)).toThrow('ground truth is 2×1 but the prediction is 1×1');
    expect(() => confusionMatrix(map(['03']), map(['00']), 3)).toThrow('label 3 is outside the 3 classes');
  });
});
