import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { type ClassInfo } from '../model/classes';
import { decodeImage } from './decode';
import { labelMapFromRaster } from './labelMap';
import { encodeLabelPng, encodeLabelPreviewPng, labelPreviewRgb } from './labelPng';

const classes: ClassInfo[] = [
  { name: 'head', color: '#E69F00', value: 1 },
  { name: 'brain', color: '#56B4E9', value: 2 },
];
const map = { width: 3, height: 1, data: Uint8Array.from([0, 1, 2]) };

describe('label PNG exports', () => {
  it('writes class indices as 8-bit grey that reads back as the same label map', async () => {
    const png = encodeLabelPng(map);
    const decoded = decode(png);
    expect([decoded.depth, decoded.channels, decoded.palette]).toEqual([8, 1, undefined]);
    expect(Array.from(decoded.data)).toEqual([0, 1, 2]);
    expect(labelMapFromRaster(await decodeImage(png), classes)).toEqual(map);
  });

  it('colours each class from the table over black', () => {
    expect(Array.from(labelPreviewRgb(map, classes))).toEqual([0, 0, 0, 0xe6, 0x9f, 0x00, 0x56, 0xb4, 0xe9]);
    const decoded = decode(encodeLabelPreviewPng(map, classes));
    expect([decoded.depth, decoded.channels]).toEqual([8, 3]);
    expect(Array.from(decoded.data)).toEqual([0, 0, 0, 0xe6, 0x9f, 0x00, 0x56, 0xb4, 0xe9]);
  });

  it('blends the class colours over the image, leaving background as the image', () => {
    const rgba = Uint8ClampedArray.from([10, 20, 30, 255, 100, 100, 100, 255, 0, 0, 0, 255]);
    // Class 1 over grey 100 at 0.5: (100 + 230) / 2 = 165, (100 + 159) / 2 = 129.5 → 130, 50.
    expect(Array.from(labelPreviewRgb(map, classes, { rgba, opacity: 0.5 }))).toEqual([10, 20, 30, 165, 130, 50, 43, 90, 117]);
    expect(Array.from(labelPreviewRgb(map, classes, { rgba, opacity: 1 }))).toEqual([10, 20, 30, 0xe6, 0x9f, 0x00, 0x56, 0xb4, 0xe9]);
  });

  it('refuses a base of another size, a bad opacity and a class beyond the table', () => {
    expect(() => labelPreviewRgb(map, classes, { rgba: new Uint8ClampedArray(8), opacity: 0.5 })).toThrow(/2 pixels, the label map 3/);
    expect(() => labelPreviewRgb(map, classes, { rgba: new Uint8ClampedArray(12), opacity: 2 })).toThrow(/opacity/);
    expect(() => labelPreviewRgb(map, classes.slice(0, 1))).toThrow(/pixel 2 has class 2, beyond the 1 classes/);
  });
});
