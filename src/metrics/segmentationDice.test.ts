import { describe, expect, it } from 'vitest';
import { type Segmentation } from '../image/segmentation';
import { segmentationDice } from './segmentationDice';

// A 4 × 4 image seen whole by a 4 × 4 grid: the probabilities at the pixels are the grid's.
const frame = { gridSize: 4, region: { x: 0, y: 0, size: 4 }, box: { x0: 0, y0: 0, x1: 4, y1: 4 }, window: { center: 127.5, width: 255 }, inferenceMs: 0 };
const binary = (grid: number[]): Segmentation => ({ ...frame, grid: Float32Array.from(grid) });
const mask = (data: number[]) => ({ width: 4, height: 4, data: Uint8Array.from(data) });

// The truth: the left half (8 pixels).
const left = mask([1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]);

describe('segmentationDice', () => {
  it('scores a binary model at the threshold against the mask', () => {
    // Predicted: the top half at p = 0.9 (4 of its 8 pixels in the truth), the rest at 0.2.
    const s = binary([0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]);
    expect(segmentationDice(s, 0.5, left, null).dice).toBeCloseTo((2 * 4) / (8 + 8));
    // At 0.1 every pixel is foreground: tp 8, fp 8.
    expect(segmentationDice(s, 0.1, left, null).dice).toBeCloseTo((2 * 8) / (16 + 8));
  });

  it('scores a softmax model per class and averages, when the truth was read as its classes', () => {
    // Two classes: class 1 everywhere in the left half, class 2 in the right half.
    const c1 = [0.9, 0.9, 0, 0, 0.9, 0.9, 0, 0, 0.9, 0.9, 0, 0, 0.9, 0.9, 0, 0];
    const c2 = c1.map((p) => (p ? 0 : 0.9));
    const s: Segmentation = { ...frame, grid: Float32Array.from(c1.map((p, i) => p + c2[i])), classGrids: Float32Array.from([...c1, ...c2]), activation: 'softmax' };
    const labels = { width: 4, height: 4, data: Uint8Array.from(left.data.map((v) => (v ? 1 : 0))) };
    // Class 1 exact (Dice 1); class 2 predicted but absent from the truth (Dice 0): mean 0.5.
    expect(segmentationDice(s, 0.5, left, labels).dice).toBeCloseTo(0.5);
    // Without the truth's classes, its any-class foreground (the whole image) against the mask.
    expect(segmentationDice(s, 0.5, left, null).dice).toBeCloseTo((2 * 8) / (16 + 8));
    // A truth of more classes than the model has is not read per class.
    const more = { ...labels, data: labels.data.map((k) => (k ? 3 : 0)) };
    expect(segmentationDice(s, 0.5, left, more).dice).toBeCloseTo((2 * 8) / (16 + 8));
  });

  it('counts only the region the model saw, as the metrics panel does, and says which Dice it is', () => {
    // A crop of the left 2 columns: the truth there is all foreground; outside it, more truth.
    const crop = { ...binary([0.9, 0.9, 0.1, 0.1, 0.9, 0.9, 0.1, 0.1, 0.9, 0.9, 0.1, 0.1, 0.9, 0.9, 0.1, 0.1]), box: { x0: 0, y0: 0, x1: 2, y1: 4 } };
    const wide = mask(new Array(16).fill(1));
    expect(segmentationDice(crop, 0.5, wide, null)).toEqual({ dice: 1, kind: 'binary' });
  });

  it('scores classes over the whole image, as the class matrix of the panel does (processing.ts), also for a crop', () => {
    // Class 1 predicted in the left half, which is all the model saw; the truth is class 1 everywhere.
    const c1 = [0.9, 0.9, 0, 0, 0.9, 0.9, 0, 0, 0.9, 0.9, 0, 0, 0.9, 0.9, 0, 0];
    const c2 = c1.map(() => 0);
    const s: Segmentation = { ...frame, box: { x0: 0, y0: 0, x1: 2, y1: 4 }, grid: Float32Array.from(c1), classGrids: Float32Array.from([...c1, ...c2]), activation: 'softmax' };
    const everywhere = { width: 4, height: 4, data: new Uint8Array(16).fill(1) };
    expect(segmentationDice(s, 0.5, mask(new Array(16).fill(1)), everywhere)).toEqual({ dice: (2 * 8) / (8 + 16), kind: 'class mean' });
  });
});
