import { describe, expect, it } from 'vitest';
import { foregroundMask } from '../image/labelMap';
import { type ScanInfo } from '../image/raster';
import { type ClassInfo, defaultClass } from '../model/classes';
import { imagesCsv, imageSummaryRow } from './imageSummary';

const window = { center: 127.5, width: 255 };
const map = { width: 3, height: 2, data: Uint8Array.from([0, 1, 1, 2, 2, 2]) };
const classes: ClassInfo[] = [{ ...defaultClass(1), name: 'head' }, { ...defaultClass(2), name: 'brain, left' }];
const scan = { pixelSpacing: [0.5, 0.25] } as unknown as ScanInfo;

describe('images.csv', () => {
  it('adds the area of each class, in px and mm², after the model-input column', () => {
    const withSpacing = imageSummaryRow('a.png', foregroundMask(map), scan, window, 'unit', { labels: { map, classes } });
    const without = imageSummaryRow('b.png', foregroundMask(map), null, window, 'unit', { labels: { map, classes } });
    expect(withSpacing.classAreas).toEqual([
      { name: 'head', px: 2, mm2: 0.25 },
      { name: 'brain, left', px: 3, mm2: 0.375 },
    ]);
    const [header, a, b] = imagesCsv([withSpacing, without]).trim().split('\n');
    expect(header).toBe('file,width,height,foreground_px,area_mm2,window_center,window_width,model_input,head_px,head_mm2,"brain, left_px","brain, left_mm2"');
    expect(a.split(',').slice(0, 5)).toEqual(['a.png', '3', '2', '5', '0.625']);
    expect(a.endsWith(',2,0.25,3,0.375')).toBe(true);
    expect(b.endsWith(',2,,3,')).toBe(true);
  });

  it('writes no class columns for one class (the binary layout)', () => {
    const mask = foregroundMask(map);
    const plain = imagesCsv([imageSummaryRow('a.png', mask, scan, window, 'unit')]);
    expect(imagesCsv([imageSummaryRow('a.png', mask, scan, window, 'unit', { labels: { map: { ...map, data: mask.data }, classes: [classes[0]] } })])).toBe(plain);
    expect(plain.split('\n')[0]).toBe('file,width,height,foreground_px,area_mm2,window_center,window_width,model_input');
  });

  it('refuses a label map of another size or beyond the table', () => {
    expect(() => imageSummaryRow('a.png', { width: 2, height: 3, data: new Uint8Array(6) }, null, window, 'unit', { labels: { map, classes } })).toThrow(/3×2, the mask 2×3/);
    expect(() => imageSummaryRow('a.png', foregroundMask(map), null, window, 'unit', { labels: { map: { ...map, data: Uint8Array.from([0, 1, 1, 3, 2, 2]) }, classes } })).toThrow(/class 3, beyond the 2 classes/);
  });
});
