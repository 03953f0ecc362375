import { describe, expect, it } from 'vitest';
import { compareReasons } from './compareReasons';
import { type ImageItem, type LibraryEntry } from './types';

const entry = (id: string): LibraryEntry => ({ id, name: id, origin: 'bundled', description: '', savedAt: null, source: null });
const item = (mask: Partial<NonNullable<ImageItem['mask']>> | null) => ({ id: 'a', mask: mask && { truth: null, error: null, ...mask } }) as unknown as ImageItem;
const truth = { width: 1, height: 1, data: new Uint8Array(1) };

describe('compareReasons', () => {
  it('allows the ground-truth compare only with a readable ground truth, and says why not', () => {
    expect(compareReasons(item({ truth }), [], null).truth).toBeNull();
    expect(compareReasons(item(null), [], null).truth).toMatch(/no ground truth/);
    expect(compareReasons(item({ error: 'mask is 3×3 but the image is 4×4' }), [], null).truth).toMatch(/3×3/);
    expect(compareReasons(null, [], null).truth).toMatch(/no image/);
  });

  it('allows the two-model compare only when the app holds a model besides the one in use', () => {
    expect(compareReasons(item(null), [entry('a')], 'a').model).toMatch(/one model/);
    expect(compareReasons(item(null), [entry('a'), entry('b')], 'a').model).toBeNull();
  });
});
