import { describe, expect, it } from 'vitest';
import { pairFiles } from './pairing';

const files = (...paths: string[]) => paths.map((path) => ({ path }));
const summary = (paths: string[]) => {
  const { pairs, unpaired } = pairFiles(files(...paths));
  return {
    pairs: pairs.map((p) => [p.image.path, p.mask?.path ?? null]),
    unpaired: unpaired.map((u) => [u.file.path, u.reason]),
  };
};

describe('pairFiles', () => {
  it('pairs same names across images/ and masks/ folders (the HC18 layout)', () => {
    expect(summary(['hc/images/001_HC.png', 'hc/masks/001_HC.png', 'hc/images/013_HC.png'])).toEqual({
      pairs: [
        ['hc/images/001_HC.png', 'hc/masks/001_HC.png'],
        ['hc/images/013_HC.png', null],
      ],
      unpaired: [],
    });
  });
  it('pairs common suffixes, ignoring case and extension', () => {
    expect(summary(['a.png', 'a_mask.png', 'b.jpg', 'B_SEG.png', 'c.png', 'c-gt.bmp', 'd.png', 'd_label.png', '001_HC.png', '001_HC_Annotation.png']).pairs).toEqual([
      ['a.png', 'a_mask.png'],
      ['b.jpg', 'B_SEG.png'],
      ['c.png', 'c-gt.bmp'],
      ['d.png', 'd_label.png'],
      ['001_HC.png', '001_HC_Annotation.png'],
    ]);
  });
  it('skips files that are plainly not images, saying so', () => {
    expect(summary(['set/manifest.csv', 'set/images/a.png', 'set/.DS_Store'])).toEqual({
      pairs: [['set/images/a.png', null]],
      unpaired: [
        ['set/manifest.csv', 'not an image file'],
        ['set/.DS_Store', 'not an image file'],
      ],
    });
  });
  it('keeps a suffixed name as an image when no image carries its base name', () => {
    expect(summary(['liver_seg.png'])).toEqual({ pairs: [['liver_seg.png', null]], unpaired: [] });
  });
  it('lists masks without images and second masks with a reason', () => {
    expect(summary(['x.png', 'masks/x.png', 'x_Annotation.png', 'masks/y.png'])).toEqual({
      pairs: [['x.png', 'masks/x.png']],
      unpaired: [
        ['masks/y.png', 'no image with a matching name'],
        ['x_Annotation.png', 'x.png is already the mask for this image'],
      ],
    });
  });
});
