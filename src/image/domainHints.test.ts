import { describe, expect, it } from 'vitest';
import { domainHints } from './domainHints';

describe('domainHints', () => {
  it('says the model found nothing only when no probability reaches the threshold', () => {
    const grid = new Float32Array([0.1, 0.2, 0.49]);
    expect(domainHints({ grid, threshold: 0.5, imageChannels: 1, modelChannels: 1 }).nothingFound).toBe(true);
    expect(domainHints({ grid, threshold: 0.49, imageChannels: 1, modelChannels: 1 }).nothingFound).toBe(false);
  });
  it('says nothing before there is a result', () => {
    expect(domainHints({ grid: null, threshold: 0.5, imageChannels: 1, modelChannels: 1 }).nothingFound).toBe(false);
  });
  it('notes a colour image read by a one-channel model, not a grey one or a colour model', () => {
    expect(domainHints({ grid: null, threshold: 0.5, imageChannels: 3, modelChannels: 1 }).reducedToGrey).toBe(true);
    expect(domainHints({ grid: null, threshold: 0.5, imageChannels: 1, modelChannels: 1 }).reducedToGrey).toBe(false);
    expect(domainHints({ grid: null, threshold: 0.5, imageChannels: 3, modelChannels: 3 }).reducedToGrey).toBe(false);
  });
});
