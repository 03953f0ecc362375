/**
 * Writes DICOM Part 10 files for tests with dcmjs (dcmjs-org's DICOM library): any pixel module,
 * native or encapsulated pixel data (one fragment per frame), plus an RLE Lossless encoder, so
 * the decoder is checked against values we wrote, without DICOM files in the repository.
 */
import dcmjs from 'dcmjs';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

export const SYNTAX = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  explicitBig: '1.2.840.10008.1.2.2',
  rle: '1.2.840.10008.1.2.5',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpeg2000: '1.2.840.10008.1.2.4.90',
  jpegLs: '1.2.840.10008.1.2.4.80',
} as const;

export interface DicomSpec {
  readonly syntax?: string;
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated?: number;
  readonly bitsStored?: number;
  readonly signed?: boolean;
  readonly photometric?: string;
  readonly samples?: number;
  readonly frames?: number;
  readonly sopClassUid?: string;
  /** Native pixel data, or one encoded frame per array entry for compressed syntaxes; null: none. */
  readonly pixelData: ArrayBuffer | ArrayBuffer[] | null;
  /** The element holding it: Pixel Data (default), Float Pixel Data (OF) or Double Float Pixel Data (OD). */
  readonly pixelKeyword?: 'PixelData' | 'FloatPixelData' | 'DoubleFloatPixelData';
  /** Pixel Data's VR; default OW above 8 bits or encapsulated, else OB. */
  readonly pixelVr?: 'OB' | 'OW';
  readonly extra?: Record<string, unknown>;
}

export function writeDicom(spec: DicomSpec): Uint8Array {
  const sopClassUid = spec.sopClassUid ?? '1.2.840.10008.5.1.4.1.1.7';
  const sopInstanceUid = '2.25.1234567890';
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: spec.syntax ?? SYNTAX.explicitLittle,
    ImplementationClassUID: '2.25.42',
  };
  const bitsAllocated = spec.bitsAllocated ?? 16;
  const bitsStored = spec.bitsStored ?? bitsAllocated;
  const dataset: Record<string, unknown> = {
    SOPClassUID: sopClassUid,
    SOPInstanceUID: sopInstanceUid,
    StudyInstanceUID: '2.25.111',
    SeriesInstanceUID: '2.25.222',
    FrameOfReferenceUID: '2.25.333',
    PatientID: 'TEST',
    PatientName: 'Test^Phantom',
    StudyDate: '20260101',
    Modality: 'US',
    Rows: spec.rows,
    Columns: spec.columns,
    SamplesPerPixel: spec.samples ?? 1,
    PhotometricInterpretation: spec.photometric ?? 'MONOCHROME2',
    BitsAllocated: bitsAllocated,
    BitsStored: bitsStored,
    HighBit: bitsStored - 1,
    PixelRepresentation: spec.signed ? 1 : 0,
    ...(spec.frames ? { NumberOfFrames: String(spec.frames) } : {}),
    ...(spec.samples === 3 ? { PlanarConfiguration: 0 } : {}),
    ...spec.extra,
  };
  if (spec.pixelData) {
    const keyword = spec.pixelKeyword ?? 'PixelData';
    dataset[keyword] = spec.pixelData;
    if (keyword === 'PixelData') dataset._vrMap = { PixelData: spec.pixelVr ?? (bitsAllocated > 8 || Array.isArray(spec.pixelData) ? 'OW' : 'OB') };
  }
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write({ fragmentMultiframe: false }));
}

/** PackBits as DICOM RLE uses it, literal runs only (valid, if not the smallest). */
function packBits(bytes: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 128) {
    const run = bytes.subarray(i, Math.min(i + 128, bytes.length));
    out.push(run.length - 1, ...run);
  }
  if (out.length % 2) out.push(0x80); // pad to even length with a no-op
  return out;
}

/** One RLE Lossless frame: a segment per byte of each sample, most significant byte first. */
export function rleFrame(samples: Uint8Array | Uint16Array, samplesPerPixel: number): ArrayBuffer {
  const bytes = samples instanceof Uint16Array ? 2 : 1;
  const pixels = samples.length / samplesPerPixel;
  const segments: number[][] = [];
  for (let s = 0; s < samplesPerPixel; s++) {
    for (let b = bytes - 1; b >= 0; b--) {
      const plane = new Uint8Array(pixels);
      for (let i = 0; i < pixels; i++) plane[i] = (samples[i * samplesPerPixel + s] >> (8 * b)) & 0xff;
      segments.push(packBits(plane));
    }
  }
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((seg, i) => {
    header.setUint32(4 + 4 * i, offset, true);
    offset += seg.length;
  });
  const out = new Uint8Array(offset);
  out.set(new Uint8Array(header.buffer));
  let o = 64;
  for (const seg of segments) {
    out.set(seg, o);
    o += seg.length;
  }
  return out.buffer;
}

/** 16-bit samples in big-endian byte order (pixel data of Explicit VR Big Endian). */
export function bigEndian16(values: Uint16Array): ArrayBuffer {
  const out = new DataView(new ArrayBuffer(values.length * 2));
  values.forEach((v, i) => out.setUint16(i * 2, v, false));
  return out.buffer;
}

interface J2KEncoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform: boolean }): Uint8Array;
  setDecompositions(n: number): void;
  setQuality(lossless: boolean, quality: number): void;
  encode(): void;
  getEncodedBuffer(): Uint8Array;
}

/** A lossless JPEG 2000 codestream of grey samples, from OpenJPEG's encoder (cornerstone's build). */
export async function jpeg2000Frame(samples: Uint16Array, width: number, height: number, bits: number): Promise<ArrayBuffer> {
  const factory = (await import('@cornerstonejs/codec-openjpeg')).default as unknown as (o: object) => Promise<{ J2KEncoder: new () => J2KEncoder }>;
  const codec = await factory({ print: () => undefined, printErr: () => undefined });
  const encoder = new codec.J2KEncoder();
  encoder.getDecodedBuffer({ width, height, bitsPerSample: bits, componentCount: 1, isSigned: false, isUsingColorTransform: false }).set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
  encoder.setDecompositions(2);
  encoder.setQuality(true, 0);
  encoder.encode();
  const out = encoder.getEncodedBuffer().slice();
  // DICOM fragments have even lengths.
  const even = new Uint8Array(out.length + (out.length % 2));
  even.set(out);
  return even.buffer;
}

/**
 * The same file without what PS3.10 §7.1 puts before the data set: `keep: 'meta'` drops only the
 * 128-byte preamble and `DICM`; `keep: 'none'` also drops the file meta group (0002), leaving a bare
 * data set in the file's transfer syntax.
 */
export function withoutFileMeta(file: Uint8Array, keep: 'meta' | 'none'): Uint8Array {
  if (keep === 'meta') return file.slice(132);
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  // The meta group is explicit VR little endian and starts with its group length (0002,0000) UL.
  const groupLength = view.getUint32(132 + 8, true);
  return file.slice(132 + 12 + groupLength);
}

/** 0/1 samples packed 8 to a byte, least significant bit first (PS3.5 §8.1.1), padded to an even length. */
export function packBits1(bits: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(Math.ceil(Math.ceil(bits.length / 8) / 2) * 2);
  for (let i = 0; i < bits.length; i++) if (bits[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}
