/**
 * Real third-party DICOM files from ../shared/field that the product used to misread (see its
 * README): each kind's right value. Skipped, with the reason, when ../shared is absent; the same kinds
 * are tested on generated files in dicomKinds.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Raster } from '../raster';
import { decodeImage, sniffFormat } from './index';

const FIELD = resolve('../shared/field');
const path = (name: string) => join(FIELD, name);
const read = (name: string) => new Uint8Array(readFileSync(path(name)));
const stats = (raster: Raster) => {
  const n = raster.width * raster.height;
  const sums = [0, 0, 0];
  let [min, max] = [Infinity, -Infinity];
  raster.data.forEach((v, i) => {
    sums[i % raster.channels] += v;
    [min, max] = [Math.min(min, v), Math.max(max, v)];
  });
  return { min, max, mean: sums.slice(0, raster.channels).map((s) => Math.round(s / n)) };
};
const fact = (raster: Raster, label: string) => raster.scan?.facts.find(([k]) => k === label)?.[1];

const CT_SMALL = 'dicom-tiff-preamble/CT_small.dcm';
describe.skipIf(!existsSync(path(CT_SMALL)))(`DICOM with a TIFF header in its preamble (needs ${path(CT_SMALL)})`, () => {
  it('is DICOM: signed CT in HU, rescale, spacing', async () => {
    const bytes = read(CT_SMALL);
    expect(sniffFormat(bytes)).toBe('dicom');
    const raster = await decodeImage(bytes);
    expect([raster.width, raster.height, raster.bitDepth, raster.scan?.signed]).toEqual([128, 128, 32, true]);
    expect(raster.scan?.rescale).toEqual({ slope: 1, intercept: -1024 });
    expect(raster.scan?.pixelSpacing).toEqual([0.661468, 0.661468]);
    expect(stats(raster)).toEqual({ min: -896, max: 1167, mean: [-119] });
  });
});

const RGB_JPEG = 'dicom-rgb-jpeg-baseline/SC_jpeg_no_color_transform.dcm';
describe.skipIf(!existsSync(path(RGB_JPEG)))(`JPEG Baseline DICOM with Photometric Interpretation RGB (needs ${path(RGB_JPEG)})`, () => {
  it('is not colour-converted: mean RGB ≈ (244, 244, 244), not magenta (255, 121, 255)', async () => {
    const raster = await decodeImage(read(RGB_JPEG));
    expect(stats(raster).mean).toEqual([244, 244, 244]);
  });
});

const ENHANCED = 'dicom-enhanced-functional-groups/eCT_Supplemental.dcm';
describe.skipIf(!existsSync(path(ENHANCED)))(`Enhanced CT with functional groups (needs ${path(ENHANCED)})`, () => {
  it('has HU, window 49/102 and spacing 0.388672 mm on both frames, and shows them', async () => {
    const bytes = read(ENHANCED);
    for (const [frame, max] of [[0, 172], [1, 148]]) {
      const raster = await decodeImage(bytes, undefined, frame);
      expect(raster.scan?.rescale).toEqual({ slope: 1, intercept: -1024 });
      expect(raster.scan?.window).toEqual({ center: 49, width: 102 });
      expect(raster.scan?.pixelSpacing).toEqual([0.388672, 0.388672]);
      expect(stats(raster)).toMatchObject({ min: -1024, max });
      expect(fact(raster, 'File window')).toBe('centre 49, width 102 (functional groups)');
      expect(fact(raster, 'Pixel spacing')).toBe('0.388672 × 0.388672 mm');
    }
  });
});

const NO_META = 'dicom-no-file-meta/no_meta.dcm';
describe.skipIf(!existsSync(path(NO_META)) || !existsSync(path(CT_SMALL)))(`a DICOM data set without file meta (needs ${path(NO_META)} and ${path(CT_SMALL)})`, () => {
  it('is read, and is the same CT slice as CT_small.dcm', async () => {
    const raster = await decodeImage(read(NO_META));
    expect(fact(raster, 'File meta')).toMatch(/^no preamble, DICM prefix or file meta; read as Explicit VR Little Endian/);
    const twin = await decodeImage(read(CT_SMALL));
    expect(raster.scan?.rescale).toEqual(twin.scan?.rescale);
    expect(raster.data).toEqual(twin.data);
  });
});

const SEG_RLE = 'dicom-seg-1bit-rle/liver_rle.dcm';
const SEG = 'dicom-seg-1bit-rle/liver.dcm';
describe.skipIf(!existsSync(path(SEG_RLE)) || !existsSync(path(SEG)))(`a 1-bit SEG compressed with RLE (needs ${path(SEG_RLE)} and ${path(SEG)})`, () => {
  it('equals its uncompressed twin, frame by frame', async () => {
    const [rle, native] = [read(SEG_RLE), read(SEG)];
    const first = await decodeImage(rle);
    expect(first.scan?.frames).toBe(3);
    for (let f = 0; f < 3; f++) {
      const [a, b] = [await decodeImage(rle, undefined, f), await decodeImage(native, undefined, f)];
      expect(a.data.length).toBe(b.data.length);
      expect(a.data.filter((v, i) => v !== b.data[i]).length, `frame ${f + 1}: pixels differing`).toBe(0);
      expect(a.data.some((v) => v === 1), `frame ${f + 1}`).toBe(true);
    }
  });
});
