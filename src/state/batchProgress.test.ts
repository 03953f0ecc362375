/** The batch ETA: pace from the images finished in this batch (wall time), and the words shown. */
import { describe, expect, it } from 'vitest';
import { batchProgress, batchProgressText, formatTimeLeft } from './batchProgress';

describe('batchProgress', () => {
  it('is null with no batch running or nothing left', () => {
    expect(batchProgress({ done: 3, total: 10 }, null)).toBeNull();
    expect(batchProgress({ done: 10, total: 10 }, { startedMs: 0, finished: 10, elapsedMs: 1000 })).toBeNull();
  });

  it('waits for the first image of the batch before estimating', () => {
    expect(batchProgress({ done: 4, total: 10 }, { startedMs: 0, finished: 0, elapsedMs: 0 })).toEqual({ done: 4, total: 10, secondsLeft: null });
  });

  it('uses the mean wall time per image finished in this batch', () => {
    // 4 were done before the pass; it finished 8 more in 24 s (3 s each); 28 to go → 84 s.
    const p = batchProgress({ done: 12, total: 40 }, { startedMs: 1000, finished: 8, elapsedMs: 24_000 });
    expect(p).toEqual({ done: 12, total: 40, secondsLeft: 84 });
  });
});

describe('batchProgressText', () => {
  it('reads as a sentence', () => {
    expect(batchProgressText({ done: 12, total: 40, secondsLeft: 34.2 })).toBe('12 of 40 segmented · about 35 s left');
    expect(batchProgressText({ done: 0, total: 40, secondsLeft: null })).toBe('0 of 40 segmented · estimating the time left');
  });

  it('rounds the time left', () => {
    expect(formatTimeLeft(0.4)).toBe('less than a second left');
    expect(formatTimeLeft(7.4)).toBe('about 7 s left');
    expect(formatTimeLeft(11)).toBe('about 10 s left');
    expect(formatTimeLeft(84)).toBe('about 85 s left');
    expect(formatTimeLeft(200)).toBe('about 3 min left');
  });
});
