import dcmjs from 'dcmjs';
import { describe, expect, it } from 'vitest';
import { decodeDicom } from '../image/decode/dicom';
import { maskFromRaster } from '../image/mask';
import { writeDicom } from '../testing/dicomFiles';
import { dicomSeg, packBits, SEG_SOP_CLASS } from './dicomSeg';

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
});
