import { describe, expect, it } from 'vitest';
import { CLASS_PALETTE } from '../model/classes';
import { classesFromMasks, classesFromMaskValues, classTableFor } from './trainClasses';
import { classFigures } from './trainReport';

describe('classesFromMaskValues', () => {
  it('reads label maps as their largest value + 1, and anything binary-looking as 2', () => {
    expect(classesFromMaskValues(new Set([0, 1, 2]))).toBe(3);
    expect(classesFromMaskValues(new Set([0, 2, 4]))).toBe(5);
    expect(classesFromMaskValues(new Set([0, 1]))).toBe(2);
    expect(classesFromMaskValues(new Set([0, 255]))).toBe(2);
    // Soft-edged 0–255 masks are binary, not 256 classes.
    expect(classesFromMaskValues(new Set([0, 17, 128, 255]))).toBe(2);
  });
});

describe('classTableFor', () => {
  it('names classes from the list, class k with value k and the palette colour', () => {
    expect(classTableFor(3, 'pubic symphysis, fetal head', null)).toEqual([
      { name: 'pubic symphysis', color: CLASS_PALETTE[0], value: 1 },
      { name: 'fetal head', color: CLASS_PALETTE[1], value: 2 },
    ]);
    expect(classTableFor(3, 'a', null)[1].name).toBe('class 2');
    expect(() => classTableFor(2, 'a,b', null)).toThrow('2 class names for 1 foreground class');
  });
});

describe('classFigures', () => {
  it('gives Dice and HD95 per foreground class over the pairs', () => {
    // 4×4 grids; class 1 predicted one column too wide, class 2 exact.
    const truth = [[1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 2, 2, 0, 0, 2, 2]];
    const predicted = [[1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 2, 2, 0, 0, 2, 2]];
    const [one, two] = classFigures(predicted, truth, 4, 3);
    expect(one.dice).toBeCloseTo((2 * 4) / (6 + 4), 10);
    expect(one.hd95).toBeGreaterThan(0);
    expect(one.hd95Undefined).toBe(0);
    expect(two).toEqual({ dice: 1, hd95: 0, hd95Undefined: 0 });
    // A class missing from both: Dice 1, HD95 undefined.
    const [, , three] = classFigures(predicted, truth, 4, 4);
    expect(three).toEqual({ dice: 1, hd95: null, hd95Undefined: 1 });
  });
});

describe('classesFromMasks', () => {
  const mask = (path: string, ...values: number[]) => ({ path, values: new Set(values) });
  it('reads a folder of one kind as classesFromMaskValues does', () => {
    expect(classesFromMasks([mask('a.png', 0, 1, 2), mask('b.png', 0, 1)])).toBe(3);
    expect(classesFromMasks([mask('a.png', 0, 255), mask('b.png', 0, 128, 255)])).toBe(2);
    expect(classesFromMasks([mask('a.png', 0, 1), mask('b.png', 0, 255)])).toBe(2);
  });
  it('refuses label maps mixed with 0/255 masks, naming one of each', () => {
    expect(() => classesFromMasks([mask('m/a.png', 0, 1), mask('m/b.png', 0, 1, 2), mask('m/c.png', 0, 255)])).toThrow(
      'the masks mix class values 0–64 (2 of 3, e.g. m/b.png: values 0, 1, 2) and values above 64 (1, e.g. m/c.png: values 0, 255); make them one kind: label maps of class values 0, 1, 2…, or binary masks throughout',
    );
  });
});
