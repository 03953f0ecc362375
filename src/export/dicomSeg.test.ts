import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { decodeDicom } from '../image/decode/dicom';
import { maskFromRaster } from '../image/mask';
import { writeDicom } from '../testing/dicomFiles';
import { classMask } from '../image/labelMap';
import { type ClassInfo } from '../model/classes';
import { dicomSeg, packBits, SEG_SOP_CLASS, segmentFrames } from './dicomSeg';

describe('DICOM SEG export', () => {
  it('packs bits least significant first, padded to even bytes', async () => {
    expect(Array.from(new Uint8Array(packBits(Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 1, 1]))))).toEqual([0x81, 0x01]);
  });

  it('references the source image and frame, and holds the mask exactly', async () => {
    const width = 13;
    const height = 7;
    const source = await decodeDicom(
      writeDicom({ rows: height, columns: width, frames: 2, pixelData: new Uint16Array(width * height * 2).buffer, extra: { PixelSpacing: ['0.5', '0.25'] } }),
      1,
    );
    const data = Uint8Array.from({ length: width * height }, (_, i) => ((i * 7) % 5 === 0 ? 1 : 0));
    const mask = { width, height, data };
    const bytes = dicomSeg({ scan: source.scan as Parameters<typeof dicomSeg>[0]['scan'], mask, modelName: 'tiny', threshold: 0.5, now: new Date(2026, 10, 27, 8, 30, 0) });

    // Our own decoder reads it back as a 1-bit mask (it can pair as ground truth).
    const decoded = await decodeDicom(bytes);
    expect(Array.from(maskFromRaster(decoded).data)).toEqual(Array.from(data));

    const parsed = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const seg = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.dict) as Record<string, never>;
    expect(seg.SOPClassUID).toBe(SEG_SOP_CLASS);
    expect(seg.Modality).toBe('SEG');
    expect(seg.StudyInstanceUID).toBe('2.25.111');
    expect(seg.FrameOfReferenceUID).toBe('2.25.333');
    const perFrame = (seg.PerFrameFunctionalGroupsSequence as Array<Record<string, never>>)[0] ?? seg.PerFrameFunctionalGroupsSequence;
    const derivation = (perFrame as Record<string, unknown>).DerivationImageSequence as Record<string, unknown>;
    const sourceImage = (derivation.SourceImageSequence ?? (derivation as unknown as Array<Record<string, unknown>>)[0]?.SourceImageSequence) as Record<string, unknown>;
    const ref = Array.isArray(sourceImage) ? sourceImage[0] : sourceImage;
    expect(ref.ReferencedSOPInstanceUID).toBe('2.25.1234567890');
    expect(ref.ReferencedFrameNumber).toBe(2);
    expect(seg.Rows).toBe(height);
    expect(seg.Columns).toBe(width);
  });

  it('writes a label map as one segment per class, named and coloured from the table, one frame each', async () => {
    const width = 11;
    const height = 5;
    const source = await decodeDicom(writeDicom({ rows: height, columns: width, pixelData: new Uint16Array(width * height).buffer }));
    // Classes 1 and 2 in stripes; class 3 appears nowhere and still gets its (empty) frame.
    const labels = { width, height, data: Uint8Array.from({ length: width * height }, (_, i) => [0, 1, 2, 1, 0][i % 5]) };
    const classes: ClassInfo[] = [
      { name: 'head', color: '#E69F00', value: 1 },
      { name: 'brain', color: '#56B4E9', value: 2 },
      { name: 'cyst', color: '#009E73', value: 3 },
    ];
    const bytes = dicomSeg({ scan: source.scan as Parameters<typeof dicomSeg>[0]['scan'], labels, classes, modelName: 'tiny', now: new Date(2026, 10, 27, 8, 30, 0) });

    const parsed = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const seg = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.dict) as Record<string, unknown>;
    const list = (v: unknown) => (Array.isArray(v) ? v : [v]) as Array<Record<string, unknown>>;
    const segments = list(seg.SegmentSequence);
    expect(segments.map((s) => s.SegmentNumber)).toEqual([1, 2, 3]);
    expect(segments.map((s) => s.SegmentLabel)).toEqual(['head', 'brain', 'cyst']);
    // The colours survive the round trip through DICOM CIELab to within rounding.
    for (const [i, s] of segments.entries()) {
      const rgb = dcmjs.data.Colors.dicomlab2RGB8(s.RecommendedDisplayCIELabValue as number[]);
      const want = [1, 3, 5].map((o) => Number.parseInt(classes[i].color.slice(o, o + 2), 16));
      rgb.forEach((c, j) => expect(Math.abs(c - want[j])).toBeLessThanOrEqual(1));
    }
    expect(seg.SegmentationType).toBe('BINARY');
    expect(Number(seg.NumberOfFrames)).toBe(3);
    const perFrame = list(seg.PerFrameFunctionalGroupsSequence);
    expect(perFrame.map((f) => list(f.SegmentIdentificationSequence)[0].ReferencedSegmentNumber)).toEqual([1, 2, 3]);
    expect(seg.ContentDescription).toBe('Model tiny, 3 classes');

    // Frames are packed end to end: frame k holds class k's pixels.
    const pixels = new Uint8Array((seg.PixelData as ArrayBuffer[])[0]);
    const n = width * height;
    const bit = (i: number) => (pixels[i >> 3] >> (i & 7)) & 1;
    for (let k = 1; k <= 3; k++) {
      const frame = Array.from({ length: n }, (_, i) => bit((k - 1) * n + i));
      expect(frame).toEqual(Array.from(classMask(labels, k)));
    }
    expect(classMask(labels, 3).includes(1)).toBe(false);
    expect(() => segmentFrames(labels, 1)).toThrow(/pixel 2 has class 2, beyond the 1 classes/);
  });
});
