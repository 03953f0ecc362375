import { describe, expect, it } from 'vitest';
import { domainHints, modalityHint, regionHint } from './domainHints';
import { centredCropRegion, fitRegion } from './geometry';

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

describe('regionHint', () => {
  it('names a strip letterboxed into mostly padding', () => {
    // 300×20 letterboxed: a 300 px square of which 300×20 is image, 6.7 %.
    expect(regionHint(fitRegion(300, 20), 300, 20, 256)).toBe(
      'Only 7 % of what the model sees is image: 300×20 px shown as 256×17 in its 256×256 input, the rest padding — it may see too little to segment.',
    );
  });
  it('names a small region enlarged more than 4×', () => {
    expect(regionHint({ x: 10, y: 10, size: 40 }, 400, 300, 256)).toBe(
      'The model sees this 40 px region enlarged 6.4× to its 256×256 input — results on regions this small are unreliable.',
    );
  });
  it('says nothing of a fair view: an HC18 scan letterboxed, a 64 px image at 256 (4×), a PH2 crop', () => {
    expect(regionHint(fitRegion(800, 540), 800, 540, 256)).toBeNull();
    expect(regionHint(fitRegion(64, 64), 64, 64, 256)).toBeNull();
    expect(regionHint(centredCropRegion(768, 560), 768, 560, 256)).toBeNull();
    // The strip cropped instead of letterboxed is a 20 px square blown up 12.8×.
    expect(regionHint(centredCropRegion(300, 20), 300, 20, 256)).toContain('enlarged 12.8×');
  });
});

describe('modalityHint', () => {
  it('names a CT or MR given to an ultrasound model, in words and DICOM code', () => {
    expect(modalityHint('CT', 'US')).toBe('This file is CT; the model was trained on ultrasound (US) images: its output may not mean anything here.');
    expect(modalityHint('MR', 'US')).toBe('This file is MR; the model was trained on ultrasound (US) images: its output may not mean anything here.');
    expect(modalityHint('US', 'CT')).toBe('This file is ultrasound (US); the model was trained on CT images: its output may not mean anything here.');
  });
  it('reads the codes as DICOM stores them: padded and in any case', () => {
    expect(modalityHint('CT ', ' us')).toContain('This file is CT; the model was trained on ultrasound (US) images');
    expect(modalityHint('us', 'US')).toBeNull();
  });
  it('says nothing when the modalities agree or either is unknown', () => {
    expect(modalityHint('US', 'US')).toBeNull();
    // A plain radiograph is CR or DX by its detector, the same kind of image.
    expect(modalityHint('CR', 'DX')).toBeNull();
    // No modality: a PNG or a user model whose card does not say; OT ("other") says nothing either.
    expect(modalityHint(null, 'US')).toBeNull();
    expect(modalityHint('', 'US')).toBeNull();
    expect(modalityHint(undefined, 'US')).toBeNull();
    expect(modalityHint('CT', null)).toBeNull();
    expect(modalityHint('OT', 'US')).toBeNull();
  });
});
