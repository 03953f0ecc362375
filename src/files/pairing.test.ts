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
  it('keeps images of the same name in different folders, each with the mask from its own folder', () => {
    const { pairs, unpaired } = pairFiles(files('siteA/scan.png', 'siteB/scan.png', 'siteA/scan_mask.png', 'siteB/masks/scan.png'));
    expect(pairs.map((p) => [p.label, p.image.path, p.mask?.path ?? null])).toEqual([
      ['siteA/scan.png', 'siteA/scan.png', 'siteA/scan_mask.png'],
      ['siteB/scan.png', 'siteB/scan.png', 'siteB/masks/scan.png'],
    ]);
    expect(unpaired).toEqual([]);
  });
  it('labels images by as much of their path as tells them apart, and by name alone otherwise', () => {
    const { pairs } = pairFiles(files('a/images/x.png', 'b/images/x.png', 'a/images/y.png'));
    expect(pairs.map((p) => p.label)).toEqual(['a/images/x.png', 'b/images/x.png', 'y.png']);
  });
  it('lists a mask that could belong to several same-named images as ambiguous instead of guessing', () => {
    expect(summary(['a/x.png', 'b/x.png', 'masks/x.png'])).toEqual({
      pairs: [
        ['a/x.png', null],
        ['b/x.png', null],
      ],
      unpaired: [['masks/x.png', 'it could belong to 2 images named x (a/x.png, b/x.png); put it in or beside its image\'s folder']],
    });
  });
});
