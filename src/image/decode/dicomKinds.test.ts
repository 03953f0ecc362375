/**
 * Kinds of DICOM file that real third-party files showed were misread (see ../shared/field), each on
 * files generated here so a fresh clone tests them: a TIFF header in the preamble, JPEG Baseline with
 * RGB components, Enhanced functional groups, bare data sets, YBR_FULL_422, 1-bit RLE, 8-bit OW big
 * endian, float pixel data, deflated frames, LUTs, and refusals that name their cause.
 */
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bigEndian16, packBits1, rleFrame, SYNTAX, withoutFileMeta, writeDicom } from '../../testing/dicomFiles';
import { type ComponentLabel, jpegWithComponents, type Triple, ycbcrToRgb } from '../../testing/jpegFiles';
import { defaultWindow } from '../window';
import { decodeDicom } from './dicom';
import { decodeImage, sniffFormat } from './index';

/** DICOM fragments have even lengths. */
const even = (bytes: Uint8Array) => Uint8Array.from({ length: bytes.length + (bytes.length % 2) }, (_, i) => bytes[i] ?? 0).buffer;
const fact = (raster: Awaited<ReturnType<typeof decodeDicom>>, label: string) => raster.scan?.facts.find(([k]) => k === label)?.[1];
const ct = () => {
  const hu = Int16Array.from([-1024, -500, 0, 40, 400, 3071]);
  return { hu, file: writeDicom({ rows: 2, columns: 3, signed: true, pixelData: hu.slice().buffer, extra: { Modality: 'CT', RescaleSlope: '1', RescaleIntercept: '-1024', WindowCenter: '40', WindowWidth: '400', PixelSpacing: ['0.5', '0.75'] } }) };
};

describe('DICOM whose preamble holds another format’s header', () => {
  it('is DICOM, signed CT in HU with its rescale, window and spacing, whatever the 128-byte preamble holds', async () => {
    const { hu, file } = ct();
    const signatures = [[0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0], [0x4d, 0x4d, 0x00, 0x2a], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff, 0xe0], [0x42, 0x4d], [0x47, 0x49, 0x46, 0x38]];
    for (const signature of signatures) {
      const bytes = file.slice();
      bytes.set(signature, 0);
      expect(sniffFormat(bytes), signature.join(' ')).toBe('dicom');
      const raster = await decodeImage(bytes);
      expect(Array.from(raster.data)).toEqual(Array.from(hu, (v) => v - 1024));
      expect([raster.scan?.rescale, raster.scan?.window, raster.scan?.pixelSpacing]).toEqual([{ slope: 1, intercept: -1024 }, { center: 40, width: 400 }, [0.5, 0.75]]);
    }
  });
});

describe('JPEG Baseline colour: converted only when the stream (JFIF, Adobe, ids) or else the header says YCbCr', () => {
  const [w, h] = [16, 16];
  const left: Triple = [200, 120, 140];
  const right: Triple = [60, 150, 90];
  const decode = async (label: ComponentLabel, photometric: string) => {
    const frame = jpegWithComponents(left, right, w, h, label);
    return decodeDicom(writeDicom({ syntax: SYNTAX.jpegBaseline, rows: h, columns: w, bitsAllocated: 8, samples: 3, photometric, pixelData: [frame.slice().buffer] }));
  };
  const expectColours = (data: ArrayLike<number>, a: readonly number[], b: readonly number[]) => {
    for (const [x, want] of [[2, a], [w - 3, b]] as const) {
      const got = Array.from({ length: 3 }, (_, c) => data[(8 * w + x) * 3 + c]);
      got.forEach((v, c) => expect(Math.abs(v - want[c]), `x=${x} got ${got} want ${want.map(Math.round)}`).toBeLessThanOrEqual(3));
    }
  };
  it.each([
    ['Photometric Interpretation RGB, no marker', 'none', 'RGB'],
    ['component ids R, G, B (even under YBR_FULL_422)', 'ids-rgb', 'YBR_FULL_422'],
    ['Adobe APP14 transform 0 (even under YBR_FULL_422)', 'adobe-transform-0', 'YBR_FULL_422'],
  ] as const)('keeps the components as RGB: %s', async (_, label, photometric) => {
    expectColours((await decode(label, photometric)).data, left, right);
  });
  it.each([
    ['YBR_FULL_422, no marker', 'none', 'YBR_FULL_422'],
    ['a JFIF marker, even under RGB', 'jfif', 'RGB'],
    ['Adobe APP14 transform 1, even under RGB', 'adobe-transform-1', 'RGB'],
  ] as const)('converts YCbCr to RGB: %s', async (_, label, photometric) => {
    expectColours((await decode(label, photometric)).data, ycbcrToRgb(left), ycbcrToRgb(right));
  });
});

describe('Enhanced (multi-frame functional group) images', () => {
  const frames = [Uint16Array.from([0, 1024, 2048, 4095]), Uint16Array.from([10, 20, 30, 40])];
  const file = writeDicom({
    rows: 2,
    columns: 2,
    frames: 2,
    bitsStored: 12,
    pixelData: Uint16Array.from([...frames[0], ...frames[1]]).buffer,
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2.1',
    extra: {
      Modality: 'CT',
      SharedFunctionalGroupsSequence: [
        {
          PixelMeasuresSequence: [{ PixelSpacing: ['0.388672', '0.388672'], SliceThickness: '1' }],
          PixelValueTransformationSequence: [{ RescaleIntercept: '-1024', RescaleSlope: '1', RescaleType: 'HU' }],
          FrameVOILUTSequence: [{ WindowCenter: '49', WindowWidth: '102' }],
        },
      ],
      PerFrameFunctionalGroupsSequence: [
        { FrameContentSequence: [{ DimensionIndexValues: [1] }] },
        { PixelValueTransformationSequence: [{ RescaleIntercept: '-1000', RescaleSlope: '2', RescaleType: 'HU' }], FrameVOILUTSequence: [{ WindowCenter: '40', WindowWidth: '400' }] },
      ],
    },
  });
  it('takes rescale, window and spacing from the shared groups, and per-frame groups override them', async () => {
    const first = await decodeDicom(file, 0);
    expect(Array.from(first.data)).toEqual(Array.from(frames[0], (v) => v - 1024));
    expect([first.scan?.rescale, first.scan?.window, first.scan?.pixelSpacing]).toEqual([{ slope: 1, intercept: -1024 }, { center: 49, width: 102 }, [0.388672, 0.388672]]);
    expect(defaultWindow(first)).toEqual({ center: 49, width: 102 });
    const second = await decodeDicom(file, 1);
    expect(Array.from(second.data)).toEqual(Array.from(frames[1], (v) => v * 2 - 1000));
    expect([second.scan?.rescale, second.scan?.window, second.scan?.pixelSpacing]).toEqual([{ slope: 2, intercept: -1000 }, { center: 40, width: 400 }, [0.388672, 0.388672]]);
  });
  it('shows the values it used in the facts', async () => {
    const second = await decodeDicom(file, 1);
    expect(fact(second, 'Rescale')).toBe('× 2 + -1000 (HU) (functional groups)');
    expect(fact(second, 'File window')).toBe('centre 40, width 400 (functional groups)');
    expect(fact(second, 'Pixel spacing')).toBe('0.388672 × 0.388672 mm');
  });
});

describe('a DICOM data set without preamble, DICM or file meta', () => {
  it('is read in explicit little, implicit little or explicit big endian, as pydicom force=True does', async () => {
    const values = Uint16Array.from([1, 200, 3000, 4095]);
    for (const [syntax, pixels] of [[SYNTAX.explicitLittle, values.buffer], [SYNTAX.implicitLittle, values.buffer], [SYNTAX.explicitBig, bigEndian16(values)]] as const) {
      const file = writeDicom({ syntax, rows: 2, columns: 2, bitsStored: 12, pixelData: pixels, extra: { PixelSpacing: ['0.5', '0.5'] } });
      for (const bare of [withoutFileMeta(file, 'none'), withoutFileMeta(file, 'meta'), Uint8Array.from([0x20, ...withoutFileMeta(file, 'none')])]) {
        expect(sniffFormat(bare), syntax).toBe('dicom');
        const raster = await decodeImage(bare);
        expect(Array.from(raster.data), syntax).toEqual(Array.from(values));
        expect(raster.scan?.pixelSpacing).toEqual([0.5, 0.5]);
      }
      expect(fact(await decodeDicom(withoutFileMeta(file, 'none')), 'File meta')).toMatch(/^no preamble, DICM prefix or file meta; read as /);
    }
  });
  it('is not mistaken for in other bytes', () => {
    expect(sniffFormat(new TextEncoder().encode('\x08\x00 hello, this is text and not a DICOM data set at all'))).toBeNull();
  });
});

describe('uncompressed YBR_FULL_422 and YBR_PARTIAL_422 (two samples per pixel)', () => {
  it('upsamples the chroma and converts to RGB', async () => {
    // Pixel pairs (Y1 Y2 Cb Cr): grey 100/120, then a saturated red.
    const stored = Uint8Array.from([100, 120, 128, 128, 76, 76, 85, 255]);
    const raster = await decodeDicom(writeDicom({ rows: 1, columns: 4, bitsAllocated: 8, samples: 3, photometric: 'YBR_FULL_422', pixelData: stored.buffer }));
    const red = ycbcrToRgb([76, 85, 255]).map((v) => Math.min(255, Math.max(0, Math.round(v))));
    expect(Array.from(raster.data)).toEqual([100, 100, 100, 120, 120, 120, ...red, ...red]);
    const partial = await decodeDicom(writeDicom({ rows: 1, columns: 2, bitsAllocated: 8, samples: 3, photometric: 'YBR_PARTIAL_422', pixelData: Uint8Array.from([16, 235, 128, 128]).buffer }));
    expect(Array.from(partial.data)).toEqual([0, 255]);
  });
});

describe('1-bit segmentations', () => {
  it('decodes RLE Lossless 1-bit frames (one packed-bit segment per frame) equal to the native file', async () => {
    const [rows, columns] = [3, 5]; // 15 pixels: frames do not end on a byte
    const frames = [0, 1, 2].map((f) => Uint8Array.from({ length: rows * columns }, (_, i) => Number((i * (f + 3)) % 7 < 3)));
    const native = writeDicom({ rows, columns, frames: 3, bitsAllocated: 1, pixelData: packBits1(frames.flatMap((f) => Array.from(f))).buffer as ArrayBuffer, sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4' });
    const rle = writeDicom({ syntax: SYNTAX.rle, rows, columns, frames: 3, bitsAllocated: 1, pixelData: frames.map((f) => rleFrame(packBits1(f).subarray(0, Math.ceil(f.length / 8)), 1)), sopClassUid: '1.2.840.10008.5.1.4.1.1.66.4' });
    for (let f = 0; f < 3; f++) {
      expect(Array.from((await decodeDicom(rle, f)).data), `frame ${f}`).toEqual(Array.from(frames[f]));
      expect(Array.from((await decodeDicom(native, f)).data), `frame ${f}`).toEqual(Array.from(frames[f]));
    }
  });
});

describe('8-bit samples in Explicit VR Big Endian', () => {
  it('swaps the bytes of OW pixel data in pairs, and leaves OB alone', async () => {
    const values = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const swapped = Uint8Array.from(values, (_, i) => values[i ^ 1]);
    const ow = await decodeDicom(writeDicom({ syntax: SYNTAX.explicitBig, rows: 2, columns: 4, bitsAllocated: 8, pixelVr: 'OW', pixelData: swapped.buffer }));
    expect(Array.from(ow.data)).toEqual(Array.from(values));
    const ob = await decodeDicom(writeDicom({ syntax: SYNTAX.explicitBig, rows: 2, columns: 4, bitsAllocated: 8, pixelVr: 'OB', pixelData: values.slice().buffer }));
    expect(Array.from(ob.data)).toEqual(Array.from(values));
  });
});

describe('float pixel data, deflated frames and LUTs', () => {
  it('decodes Float Pixel Data and Double Float Pixel Data to real values', async () => {
    const values = [-1.5, 0, 0.25, 1e6];
    const single = await decodeDicom(writeDicom({ rows: 2, columns: 2, bitsAllocated: 32, pixelKeyword: 'FloatPixelData', pixelData: Float32Array.from(values).buffer, sopClassUid: '1.2.840.10008.5.1.4.1.1.30' }));
    expect([single.bitDepth, Array.from(single.data)]).toEqual([32, values]);
    expect(fact(single, 'Bits')).toBe('32-bit float');
    const double = await decodeDicom(writeDicom({ rows: 2, columns: 2, bitsAllocated: 64, pixelKeyword: 'DoubleFloatPixelData', pixelData: Float64Array.from(values).buffer }));
    expect(Array.from(double.data)).toEqual(values);
    // Through decodeImage (what the app and the command lines call): NaN or ±∞ pixels are refused.
    const spoilt = Float32Array.from([Number.NaN, 0, Infinity, 1]);
    await expect(decodeImage(writeDicom({ rows: 2, columns: 2, bitsAllocated: 32, pixelKeyword: 'FloatPixelData', pixelData: spoilt.buffer, sopClassUid: '1.2.840.10008.5.1.4.1.1.30' }))).rejects.toThrow('2 of 4 pixels are not finite numbers (NaN or ±∞)');
  });
  it('decodes Deflated Image Frame Compression, frame by frame', async () => {
    const frames = [Uint16Array.from([1, 2, 3, 4]), Uint16Array.from([500, 600, 700, 800])];
    const deflated = frames.map((f) => even(deflateSync(new Uint8Array(f.buffer))));
    const file = writeDicom({ syntax: '1.2.840.10008.1.2.8.1', rows: 2, columns: 2, frames: 2, pixelData: deflated });
    for (const f of [0, 1]) expect(Array.from((await decodeDicom(file, f)).data)).toEqual(Array.from(frames[f]));
    expect(fact(await decodeDicom(file), 'Transfer syntax')).toBe('Deflated Image Frame Compression');
    // Its main use, 1-bit segmentations: each frame's bits start on a byte of their own.
    const masks = [Uint8Array.from([1, 0, 1, 1, 0]), Uint8Array.from([0, 1, 0, 0, 1])];
    const seg = writeDicom({ syntax: '1.2.840.10008.1.2.8.1', rows: 1, columns: 5, frames: 2, bitsAllocated: 1, pixelData: masks.map((m) => even(deflateSync(packBits1(m)))) });
    for (const f of [0, 1]) expect(Array.from((await decodeDicom(seg, f)).data)).toEqual(Array.from(masks[f]));
  });
  it('applies a Modality LUT, and says a VOI LUT is present and not applied', async () => {
    const stored = Uint16Array.from([0, 1, 2, 3, 10]);
    const raster = await decodeDicom(
      writeDicom({
        rows: 1,
        columns: 5,
        bitsStored: 12,
        pixelData: stored.buffer,
        extra: {
          ModalityLUTSequence: [{ LUTDescriptor: [3, 1, 16], ModalityLUTType: 'HU', LUTData: [100, 200, 300], _vrMap: { LUTDescriptor: 'US', LUTData: 'US' } }],
          VOILUTSequence: [{ LUTDescriptor: [2, 0, 16], LUTData: [0, 4095], _vrMap: { LUTDescriptor: 'US', LUTData: 'US' } }],
        },
      }),
    );
    expect(Array.from(raster.data)).toEqual([100, 100, 200, 300, 300]);
    expect(fact(raster, 'Modality LUT')).toBe('applied (3 entries from 1)');
    expect(fact(raster, 'Not applied')).toBe('VOI LUT Sequence (a linear window is used)');
  });
});

describe('refusals name what the file is and why', () => {
  it.each([
    [{ photometric: 'PALETTE COLOR' }, /PALETTE COLOR image is not read \(Photometric Interpretation PALETTE COLOR/],
    [{ samples: 4, photometric: 'ARGB', bitsAllocated: 8 }, /has 4 samples per pixel; only 1 \(grey\) or 3 \(colour\) are read/],
    [{ bitsAllocated: 32, bitsStored: 32 }, /stores 32-bit integer samples; at most 16 bits are read/],
    [{ samples: 3, photometric: 'YBR_ICT', bitsAllocated: 8 }, /YBR_ICT image is only defined for JPEG 2000 or MPEG pixel data, but this file's is Explicit VR Little Endian/],
    [{ syntax: '1.2.840.10008.1.2.4.102' }, /MPEG-4 AVC\/H\.264 video \(1\.2\.840\.10008\.1\.2\.4\.102\)/],
  ])('%o', async (spec, message) => {
    const file = writeDicom({ rows: 2, columns: 2, pixelData: new ArrayBuffer(64), ...spec });
    await expect(decodeDicom(file)).rejects.toThrow(message);
  });
});
