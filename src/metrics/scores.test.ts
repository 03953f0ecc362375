import { describe, expect, it } from 'vitest';
import { fitRegion, visibleBox } from '../image/geometry';
import { confusionAt } from './confusion';
import { meanScores, scoresFromConfusion } from './scores';
import { buildHistogram, confusionFromHistogram } from './thresholdHistogram';

describe('scoresFromConfusion', () => {
  it('gives exact values on a known case', () => {
    // tp 6, fp 2, fn 4: Dice 12/18, IoU 6/12, precision 6/8, recall 6/10.
    expect(scoresFromConfusion({ tp: 6, fp: 2, fn: 4, tn: 88 })).toEqual({ dice: 2 / 3, iou: 0.5, precision: 0.75, recall: 0.6 });
  });
  it('scores two empty masks as perfect', () => {
    expect(scoresFromConfusion({ tp: 0, fp: 0, fn: 0, tn: 10 })).toEqual({ dice: 1, iou: 1, precision: 1, recall: 1 });
  });
  it('scores an empty prediction of a non-empty truth as 0', () => {
    expect(scoresFromConfusion({ tp: 0, fp: 0, fn: 5, tn: 5 })).toEqual({ dice: 0, iou: 0, precision: 0, recall: 0 });
  });
  it('scores a prediction on an empty truth as 0', () => {
    expect(scoresFromConfusion({ tp: 0, fp: 3, fn: 0, tn: 7 })).toEqual({ dice: 0, iou: 0, precision: 0, recall: 0 });
  });
  it('averages per pair', () => {
    expect(meanScores([])).toBeNull();
    expect(meanScores([{ dice: 1, iou: 1, precision: 1, recall: 1 }, { dice: 0, iou: 0.5, precision: 0, recall: 0.25 }])).toEqual({
      dice: 0.5,
      iou: 0.75,
      precision: 0.5,
      recall: 0.625,
    });
  });
});

describe('confusion over the region the model saw', () => {
  const truth = { width: 4, height: 2, data: Uint8Array.from([1, 1, 0, 0, 1, 0, 0, 1]) };
  it('counts only pixels inside the box', () => {
    const box = { x0: 0, y0: 0, x1: 2, y1: 2 };
    const probs = Float32Array.from([0.9, 0.2, 0.7, 0.6]);
    // Box pixels (truth, pred): (1,1) (1,0) (1,1) (0,1) → tp 2, fn 1, fp 1.
    expect(confusionAt(probs, box, truth, 0.5)).toEqual({ tp: 2, fp: 1, fn: 1, tn: 0 });
  });
  it('histogram counts equal direct counts at every grid threshold', () => {
    const width = 37;
    const height = 23;
    const data = new Uint8Array(width * height).map((_, i) => (i * 7919) % 3 === 0 ? 1 : 0);
    const box = visibleBox(fitRegion(width, height), width, height);
    // Include values exactly on grid points, 0, 1 and just below/above them.
    const probs = new Float32Array(width * height).map((_, i) => [0, 1, 0.5, 0.499, 0.501, 0.1, (i % 1000) / 1000][i % 7]);
    const histogram = buildHistogram(probs, box, { width, height, data });
    for (let k = 0; k <= 1000; k += 1) {
      const t = k / 1000;
      expect(confusionFromHistogram(histogram, t)).toEqual(confusionAt(probs, box, { width, height, data }, t));
    }
  });
});
