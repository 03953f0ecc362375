import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { type ClassInfo } from '../model/classes';
import { bmp } from '../testing/bmp';
import { decodeImage } from './decode';
import { decodePng } from './decode/portable';
import { classesPresent, classMask, LabelMapError, labelMapFromRaster } from './labelMap';
import { maskFromRaster } from './mask';

const classes: ClassInfo[] = [
  { name: 'head', color: '#E69F00', value: 1 },
  { name: 'brain', color: '#56B4E9', value: 2 },
];

/** A 4×2 image: background, class 1, class 2, class 1 / class 2, background, class 1, class 2. */
const indices = [0, 1, 2, 1, 2, 0, 1, 2];

describe('label maps from mask files', () => {
  it('reads an 8-bit grey label image', async () => {
    const png = encode({ width: 4, height: 2, data: Uint8Array.from(indices), depth: 8, channels: 1 });
    const map = labelMapFromRaster(await decodeImage(png), classes);
    expect(map).toEqual({ width: 4, height: 2, data: Uint8Array.from(indices) });
    expect(classesPresent(map)).toEqual([1, 2]);
    expect(Array.from(classMask(map, 2))).toEqual([0, 0, 1, 0, 1, 0, 0, 1]);
  });

  it('reads a 16-bit label image through the classes\' values', async () => {
    const values = indices.map((k) => [0, 1000, 60000][k]);
    const png = encode({ width: 4, height: 2, data: Uint16Array.from(values), depth: 16, channels: 1 });
    const raster = await decodeImage(png);
    expect(raster.bitDepth).toBe(16);
    const map = labelMapFromRaster(raster, [
      { ...classes[0], value: 1000 },
      { ...classes[1], value: 60000 },
    ]);
    expect(Array.from(map.data)).toEqual(indices);
  });

  it('refuses values no class stands for, naming each with its pixel count', async () => {
    const png = encode({ width: 4, height: 2, data: Uint8Array.from([0, 1, 3, 3, 7, 0, 1, 2]), depth: 8, channels: 1 });
    const raster = await decodeImage(png);
    expect(() => labelMapFromRaster(raster, classes)).toThrow(LabelMapError);
    expect(() => labelMapFromRaster(raster, classes)).toThrow(
      "the mask has values 3 (2 px), 7 (1 px) that no class stands for; the model's classes are 0 = background, 1 = head, 2 = brain",
    );
    const many = { width: 8, height: 1, channels: 1 as const, bitDepth: 8 as const, data: Uint8Array.from([3, 4, 5, 6, 7, 8, 9, 9]) };
    expect(() => labelMapFromRaster(many, classes)).toThrow('values 3 (1 px), 4 (1 px), 5 (1 px), 6 (1 px), 7 (1 px) and 2 more');
  });

  it('refuses an RGB mask without a palette', async () => {
    const rgb = Uint8Array.from(indices.flatMap((k) => [[0, 0, 0], [255, 0, 0], [0, 255, 0]][k]));
    const png = encode({ width: 4, height: 2, data: rgb, depth: 8, channels: 3 });
    expect(() => labelMapFromRaster(decodePng(png), classes)).toThrow(/the mask is RGB/);
  });

  // VOC-style colours: the indices are the classes, the colours only show them.
  const palette: [number, number, number][] = [
    [0, 0, 0],
    [128, 0, 0],
    [0, 128, 0],
    [0, 0, 128],
  ];

  it('reads a palette PNG by its indices, not its colours (8-bit and packed 2-bit indices)', async () => {
    for (const depth of [8, 2] as const) {
      const data = depth === 8 ? Uint8Array.from(indices) : packRows(indices, 4, 2);
      const png = encode({ width: 4, height: 2, data, depth, channels: 1, palette });
      const raster = await decodeImage(png);
      expect(raster.channels).toBe(3);
      expect(Array.from(raster.paletteIndices ?? [])).toEqual(indices);
      expect(Array.from(labelMapFromRaster(raster, classes).data)).toEqual(indices);
    }
  });

  it('keeps a palette PNG read as a binary mask as before (by its colours)', async () => {
    const png = encode({ width: 4, height: 2, data: Uint8Array.from(indices), depth: 8, channels: 1, palette });
    const raster = await decodeImage(png);
    expect(Array.from(raster.data.slice(0, 9))).toEqual([0, 0, 0, 128, 0, 0, 0, 128, 0]);
    expect(Array.from(maskFromRaster(raster).data)).toEqual(indices.map((k) => (k > 0 ? 1 : 0)));
  });

  it('reads a palette BMP by its indices', async () => {
    const raster = await decodeImage(bmp(3, 1, 1, [[0], [1], [1]]));
    expect(Array.from(raster.data)).toEqual([0, 255, 255]);
    expect(Array.from(labelMapFromRaster(raster, [classes[0]]).data)).toEqual([0, 1, 1]);
  });
});

/** Packs 2-bit indices into rows padded to whole bytes, most significant first (PNG). */
function packRows(values: number[], width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil(width / 4);
  const out = new Uint8Array(rowBytes * height);
  values.forEach((v, i) => {
    const x = i % width;
    const y = Math.floor(i / width);
    out[y * rowBytes + (x >> 2)] |= v << (6 - 2 * (x & 3));
  });
  return out;
}
