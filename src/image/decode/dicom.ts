/**
 * DICOM Part 10 decoding, one frame at a time: parsing by dicom-parser (cornerstonejs, the parser
 * behind most web DICOM viewers), native pixel data in any of the uncompressed transfer syntaxes
 * (implicit/explicit VR little endian, explicit big endian, deflated), RLE Lossless (decoded here,
 * PS3.5 Annex G), JPEG Baseline through jpeg-js and JPEG Lossless through jpeg-lossless-decoder-js
 * (rii-mango, the decoder cornerstone uses), JPEG 2000 through @cornerstonejs/codec-openjpeg
 * (OpenJPEG built to plain JS, loaded only when such a file comes). 1–16-bit samples, signed or
 * not, MONOCHROME1/2, RGB and YBR_FULL; Rescale Slope/Intercept applied. Anything else is refused
 * with its name.
 */
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { inflateSync } from 'fflate';
import jpeg from 'jpeg-js';
import { Decoder as LosslessDecoder } from 'jpeg-lossless-decoder-js';
import { MAX_PIXELS, type Raster, rasterFromInterleaved, type ScanInfo } from '../raster';
import { ImageDecodeError } from './portable';

type Codec = 'native' | 'deflate' | 'rle' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg2000';

/** Transfer syntaxes by UID: name, and how we decode it (null: recognised, not supported). */
const TRANSFER_SYNTAXES: Record<string, { name: string; codec: Codec | null; bigEndian?: boolean }> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', codec: 'deflate' },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian', codec: 'native', bigEndian: true },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', codec: 'rle' },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', codec: 'jpeg-baseline' },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', codec: null },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless (Process 14)', codec: 'jpeg-lossless' },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless SV1 (Process 14)', codec: 'jpeg-lossless' },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', codec: null },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', codec: null },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Lossless', codec: 'jpeg2000' },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', codec: 'jpeg2000' },
  '1.2.840.10008.1.2.4.201': { name: 'HTJ2K Lossless', codec: null },
  '1.2.840.10008.1.2.4.203': { name: 'HTJ2K', codec: null },
};

/** A volume whose frames together exceed this is refused: it would not fit a browser tab. */
const MAX_VOLUME_BYTES = 2 * 2 ** 30;

export class DicomError extends ImageDecodeError {}

function parse(bytes: Uint8Array): DataSet {
  try {
    return dicomParser.parseDicom(bytes, {
      // Deflated transfer syntax: dicom-parser hands us the deflated rest of the file.
      inflater: (whole: Uint8Array, position: number) => {
        const inflated = inflateSync(whole.subarray(position));
        const out = new Uint8Array(position + inflated.length);
        out.set(whole.subarray(0, position));
        out.set(inflated, position);
        return out;
      },
    } as Parameters<typeof dicomParser.parseDicom>[1]);
  } catch (e) {
    const message = typeof e === 'string' ? e : e instanceof Error ? e.message : String((e as { exception?: string }).exception ?? e);
    throw new DicomError(`the DICOM file is truncated or corrupt (${message.replace(/^dicomParser\.\w+: /, '')})`);
  }
}

const num = (ds: DataSet, tag: string, fallback: number, index = 0): number => {
  const text = ds.string(tag, index);
  const value = text === undefined ? NaN : Number(text);
  return Number.isFinite(value) ? value : fallback;
};

function ushort(ds: DataSet, tag: string): number | undefined {
  return ds.elements[tag] ? ds.uint16(tag) : undefined;
}

interface PixelModule {
  rows: number;
  columns: number;
  samples: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  photometric: string;
  planar: boolean;
  frames: number;
}

function pixelModule(ds: DataSet): PixelModule {
  const rows = ushort(ds, 'x00280010') ?? 0;
  const columns = ushort(ds, 'x00280011') ?? 0;
  const bitsAllocated = ushort(ds, 'x00280100') ?? 0;
  return {
    rows,
    columns,
    samples: ushort(ds, 'x00280002') ?? 1,
    bitsAllocated,
    bitsStored: ushort(ds, 'x00280101') ?? bitsAllocated,
    signed: ushort(ds, 'x00280103') === 1,
    photometric: (ds.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase(),
    planar: ushort(ds, 'x00280006') === 1,
    frames: Math.max(1, num(ds, 'x00280008', 1)),
  };
}

/** The compressed bytes of one frame of encapsulated pixel data. */
function encapsulatedFrame(ds: DataSet, element: Element, frame: number, frames: number): Uint8Array {
  const fragments = element.fragments ?? [];
  if (frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, element, 0, fragments.length);
  if ((element.basicOffsetTable ?? []).length) return dicomParser.readEncapsulatedImageFrame(ds, element, frame);
  if (fragments.length === frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, element, frame, 1);
  return dicomParser.readEncapsulatedImageFrame(ds, element, frame, dicomParser.createJPEGBasicOffsetTable(ds, element));
}

/** RLE Lossless (PS3.5 Annex G): one PackBits segment per byte of each sample, most significant first. */
export function decodeRle(frame: Uint8Array, pixels: number, samples: number, bytesPerSample: number): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.length < 64) throw new DicomError('corrupt RLE frame (no header)');
  const segments = view.getUint32(0, true);
  if (segments !== samples * bytesPerSample) throw new DicomError(`corrupt RLE frame (${segments} segments, expected ${samples * bytesPerSample})`);
  const out = new Uint8Array(pixels * samples * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.length;
    const sample = Math.floor(s / bytesPerSample);
    // Little-endian output: segment 0 holds the most significant byte.
    const byte = bytesPerSample - 1 - (s % bytesPerSample);
    const stride = samples * bytesPerSample;
    let o = sample * bytesPerSample + byte;
    let written = 0;
    for (let i = start; i < end && written < pixels; ) {
      const n = (frame[i++] << 24) >> 24;
      if (n >= 0) {
        for (let k = 0; k <= n && written < pixels; k++, written++, o += stride) out[o] = frame[i++];
      } else if (n > -128) {
        const v = frame[i++];
        for (let k = 0; k <= -n && written < pixels; k++, written++, o += stride) out[o] = v;
      }
    }
    if (written < pixels) throw new DicomError('corrupt RLE frame (segment too short)');
  }
  return out;
}

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean };
  getDecodedBuffer(): Uint8Array;
  delete?(): void;
}
let openjpeg: Promise<{ J2KDecoder: new () => J2KDecoder }> | null = null;

/** OpenJPEG, loaded on first use (its 550 kB are only fetched for JPEG 2000 files). */
function loadOpenJpeg(): Promise<{ J2KDecoder: new () => J2KDecoder }> {
  openjpeg ??= import('@cornerstonejs/codec-openjpeg/decode').then((m) => {
    const factory = (m.default ?? m) as unknown as (options: object) => Promise<{ J2KDecoder: new () => J2KDecoder }>;
    return factory({ print: () => undefined, printErr: () => undefined });
  });
  return openjpeg;
}

async function decodeJpeg2000(compressed: Uint8Array, px: PixelModule): Promise<Uint8Array | Uint16Array> {
  const codec = await loadOpenJpeg();
  const decoder = new codec.J2KDecoder();
  try {
    decoder.getEncodedBuffer(compressed.length).set(compressed);
    try {
      decoder.decode();
    } catch (e) {
      throw new DicomError(`corrupt JPEG 2000 frame (${e instanceof Error ? e.message : String(e)})`);
    }
    const info = decoder.getFrameInfo();
    if (info.width !== px.columns || info.height !== px.rows) {
      throw new DicomError(`corrupt JPEG 2000 frame (it is ${info.width}×${info.height}; Columns×Rows say ${px.columns}×${px.rows})`);
    }
    const out = decoder.getDecodedBuffer();
    const bytes = out.slice();
    return info.bitsPerSample > 8 ? new Uint16Array(bytes.buffer, 0, bytes.length >> 1) : bytes;
  } finally {
    decoder.delete?.();
  }
}

/** Pixel Data, or Float / Double Float Pixel Data (which the Bits Stored check then refuses). */
function pixelDataElement(ds: DataSet): Element | undefined {
  return ds.elements.x7fe00010 ?? ds.elements.x7fe00008 ?? ds.elements.x7fe00009;
}

/** Unsigned stored samples of one frame, interleaved, as integers (before sign and rescale). */
async function frameSamples(ds: DataSet, px: PixelModule, codec: Codec, bigEndian: boolean, frame: number): Promise<{ values: Uint8Array | Uint16Array | Uint32Array; rgbDecoded: boolean }> {
  const element = pixelDataElement(ds) as Element;
  const pixels = px.rows * px.columns;
  const perFrame = pixels * px.samples;
  const bytes = px.bitsAllocated <= 8 ? 1 : px.bitsAllocated <= 16 ? 2 : 4;
  if (codec === 'native' || codec === 'deflate') {
    if (element.encapsulatedPixelData) throw new DicomError('pixel data is encapsulated but the transfer syntax is uncompressed');
    const data = ds.byteArray;
    if (px.bitsAllocated === 1) {
      // Frames follow each other bit by bit, not byte by byte.
      if (element.dataOffset + Math.ceil(((frame + 1) * perFrame) / 8) > data.length) throw new DicomError('the DICOM file is truncated (pixel data ends early)');
      const out = new Uint8Array(perFrame);
      for (let i = 0; i < perFrame; i++) {
        const bit = frame * perFrame + i;
        out[i] = (data[element.dataOffset + (bit >> 3)] >> (bit & 7)) & 1;
      }
      return { values: out, rgbDecoded: false };
    }
    const offset = element.dataOffset + frame * perFrame * bytes;
    if (offset + perFrame * bytes > data.length) throw new DicomError('the DICOM file is truncated (pixel data ends early)');
    const view = new DataView(data.buffer, data.byteOffset + offset, perFrame * bytes);
    if (bytes === 1) return { values: data.slice(offset, offset + perFrame), rgbDecoded: false };
    if (bytes === 2) {
      const out = new Uint16Array(perFrame);
      for (let i = 0; i < perFrame; i++) out[i] = view.getUint16(i * 2, !bigEndian);
      return { values: out, rgbDecoded: false };
    }
    const out = new Uint32Array(perFrame);
    for (let i = 0; i < perFrame; i++) out[i] = view.getUint32(i * 4, !bigEndian);
    return { values: out, rgbDecoded: false };
  }
  if (!element.encapsulatedPixelData) throw new DicomError('compressed transfer syntax but the pixel data is not encapsulated');
  const compressed = encapsulatedFrame(ds, element, frame, px.frames);
  if (codec === 'rle') {
    const raw = decodeRle(compressed, pixels, px.samples, bytes);
    if (bytes === 1) return { values: raw, rgbDecoded: false };
    const out = new Uint16Array(perFrame);
    for (let i = 0; i < perFrame; i++) out[i] = raw[i * 2] | (raw[i * 2 + 1] << 8);
    // RLE stores samples by plane within a pixel (R, G, B per pixel): already interleaved.
    return { values: out, rgbDecoded: false };
  }
  if (codec === 'jpeg2000') return { values: await decodeJpeg2000(compressed, px), rgbDecoded: px.samples === 3 };
  if (codec === 'jpeg-baseline') {
    const image = jpeg.decode(compressed, { useTArray: true, formatAsRGBA: false, colorTransform: px.samples === 3 ? undefined : false, maxMemoryUsageInMB: 1024 });
    if (image.width !== px.columns || image.height !== px.rows) throw new DicomError('the JPEG frame size differs from Rows/Columns');
    const channels = image.data.length / pixels;
    if (px.samples === 1) {
      const out = new Uint8Array(pixels);
      for (let i = 0; i < pixels; i++) out[i] = image.data[i * channels];
      return { values: out, rgbDecoded: false };
    }
    return { values: image.data.slice(0, perFrame), rgbDecoded: true };
  }
  const decoder = new LosslessDecoder();
  const decoded = decoder.decode(compressed.buffer, compressed.byteOffset, compressed.byteLength, bytes);
  return { values: decoded.slice(0, perFrame), rgbDecoded: false };
}

function planarToInterleaved(values: Uint8Array | Uint16Array | Uint32Array, pixels: number): Uint8Array | Uint16Array | Uint32Array {
  const out = new (values.constructor as new (n: number) => typeof values)(values.length);
  for (let i = 0; i < pixels; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = values[c * pixels + i];
  return out;
}

function ybrToRgb(values: Uint8Array | Uint16Array | Uint32Array, max: number): Uint16Array | Uint8Array {
  const out = max > 255 ? new Uint16Array(values.length) : new Uint8Array(values.length);
  const half = (max + 1) / 2;
  for (let i = 0; i < values.length; i += 3) {
    const y = values[i];
    const cb = values[i + 1] - half;
    const cr = values[i + 2] - half;
    out[i] = Math.min(max, Math.max(0, Math.round(y + 1.402 * cr)));
    out[i + 1] = Math.min(max, Math.max(0, Math.round(y - 0.344136 * cb - 0.714136 * cr)));
    out[i + 2] = Math.min(max, Math.max(0, Math.round(y + 1.772 * cb)));
  }
  return out;
}

function facts(ds: DataSet, px: PixelModule, syntax: string, rescale: { slope: number; intercept: number } | null): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (label: string, value: string | undefined) => {
    if (value && value.trim()) out.push([label, value.trim()]);
  };
  add('Modality', ds.string('x00080060'));
  add('Size', `${px.columns} × ${px.rows}${px.frames > 1 ? ` × ${px.frames} frames` : ''}`);
  const spacing = ds.string('x00280030') ?? ds.string('x00181164');
  add('Pixel spacing', spacing ? `${spacing.split('\\').join(' × ')} mm` : undefined);
  add('Bits', `${px.bitsStored} stored of ${px.bitsAllocated}, ${px.signed ? 'signed' : 'unsigned'}`);
  add('Photometric', px.photometric);
  if (rescale) add('Rescale', `× ${rescale.slope} + ${rescale.intercept}${ds.string('x00281054') ? ` (${ds.string('x00281054')})` : ''}`);
  const wc = ds.string('x00281050');
  const ww = ds.string('x00281051');
  add('File window', wc && ww ? `centre ${wc.split('\\')[0]}, width ${ww.split('\\')[0]}` : undefined);
  add('Transfer syntax', syntax);
  add('Body part', ds.string('x00180015'));
  add('Study date', ds.string('x00080020'));
  return out;
}

/** Frame `frame` (0-based) of a DICOM file as a raster, with its scan facts. */
export async function decodeDicom(bytes: Uint8Array, frame = 0): Promise<Raster> {
  const ds = parse(bytes);
  const uid = (ds.string('x00020010') ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim();
  const syntax = TRANSFER_SYNTAXES[uid];
  if (!syntax) throw new DicomError(`unsupported DICOM transfer syntax ${uid}`);
  if (!syntax.codec) throw new DicomError(`unsupported DICOM transfer syntax: ${syntax.name} (${uid}); export it uncompressed, RLE, JPEG Baseline, JPEG Lossless or JPEG 2000`);
  if (!pixelDataElement(ds)) {
    const sopClass = ds.string('x00080016') ?? 'unknown';
    throw new DicomError(`this DICOM has no image (no Pixel Data; SOP class ${sopClass}: a report, structured document or other non-image object)`);
  }
  const px = pixelModule(ds);
  if (px.rows <= 0 || px.columns <= 0) throw new DicomError('the DICOM image has no size (Rows/Columns missing)');
  if (px.rows * px.columns > MAX_PIXELS) throw new DicomError(`the image is too large (${px.columns}×${px.rows})`);
  if (px.samples !== 1 && px.samples !== 3) throw new DicomError(`unsupported Samples per Pixel ${px.samples}`);
  if (px.bitsAllocated !== 1 && px.bitsAllocated !== 8 && px.bitsAllocated !== 16 && px.bitsAllocated !== 32) throw new DicomError(`unsupported Bits Allocated ${px.bitsAllocated}`);
  if (px.bitsStored > 16) throw new DicomError(`unsupported Bits Stored ${px.bitsStored} (at most 16)`);
  const volumeBytes = px.rows * px.columns * px.samples * px.frames * Math.max(1, px.bitsAllocated / 8);
  if (volumeBytes > MAX_VOLUME_BYTES) {
    throw new DicomError(`this 3-D volume is too large for memory here (${px.frames} frames of ${px.columns}×${px.rows}, ${Math.round(volumeBytes / 2 ** 20)} MiB)`);
  }
  if (frame < 0 || frame >= px.frames) throw new DicomError(`frame ${frame + 1} does not exist (the file has ${px.frames})`);
  const monochrome = px.photometric === 'MONOCHROME1' || px.photometric === 'MONOCHROME2';
  const colour = px.photometric === 'RGB' || px.photometric.startsWith('YBR');
  if (!monochrome && !colour) throw new DicomError(`unsupported Photometric Interpretation ${px.photometric}`);

  const pixels = px.rows * px.columns;
  const decoded = await frameSamples(ds, px, syntax.codec, syntax.bigEndian ?? false, frame);
  const rgbDecoded = decoded.rgbDecoded;
  let values = decoded.values;
  const spacingText = ds.string('x00280030') ?? ds.string('x00181164');
  const spacing = spacingText?.split('\\').map(Number);
  const wc = num(ds, 'x00281050', NaN);
  const ww = num(ds, 'x00281051', NaN);
  const slope = num(ds, 'x00281053', 1);
  const intercept = num(ds, 'x00281052', 0);
  const rescaled = slope !== 1 || intercept !== 0;
  const dicom = {
    sopClassUid: ds.string('x00080016') ?? '',
    sopInstanceUid: ds.string('x00080018') ?? '',
    studyInstanceUid: ds.string('x0020000d') ?? '',
    seriesInstanceUid: ds.string('x0020000e') ?? '',
    frameOfReferenceUid: ds.string('x00200052') ?? null,
    patientId: ds.string('x00100020') ?? '',
    patientName: ds.string('x00100010') ?? '',
    studyDate: ds.string('x00080020') ?? '',
    modality: (ds.string('x00080060') ?? '').trim(),
  };
  const scan: ScanInfo = {
    format: 'DICOM',
    frames: px.frames,
    frame,
    invert: px.photometric === 'MONOCHROME1',
    window: Number.isFinite(wc) && Number.isFinite(ww) && ww > 0 ? { center: wc, width: ww } : null,
    pixelSpacing: spacing && spacing.length >= 2 && spacing.every((v) => Number.isFinite(v) && v > 0) ? [spacing[0], spacing[1]] : null,
    bitsStored: px.bitsStored,
    signed: px.signed,
    rescale: rescaled ? { slope, intercept } : null,
    facts: facts(ds, px, syntax.name, rescaled ? { slope, intercept } : null),
    dicom,
  };

  if (colour) {
    if (px.samples !== 3) throw new DicomError(`${px.photometric} needs 3 samples per pixel`);
    if (px.photometric !== 'RGB' && px.photometric !== 'YBR_FULL' && !rgbDecoded) {
      throw new DicomError(`unsupported Photometric Interpretation ${px.photometric} for uncompressed pixel data`);
    }
    if (px.planar && syntax.codec !== 'rle' && !rgbDecoded) values = planarToInterleaved(values, pixels);
    const max = 2 ** px.bitsStored - 1;
    let rgb: Uint8Array | Uint16Array = values as Uint8Array | Uint16Array;
    if (px.photometric.startsWith('YBR') && !rgbDecoded) rgb = ybrToRgb(values, max);
    const raster = rasterFromInterleaved(px.columns, px.rows, 3, rgb, px.bitsAllocated > 8 ? 16 : 8);
    return { ...raster, scan: { ...scan, invert: false } };
  }

  // Stored bits only (at most 16, checked above), sign-extended when signed, then the modality rescale.
  const bits = px.bitsAllocated === 1 ? 1 : px.bitsStored;
  const mask = 2 ** bits - 1;
  const signBit = 2 ** (bits - 1);
  if (!px.signed && !rescaled && px.bitsAllocated <= 16) {
    if (px.bitsAllocated <= 8) {
      const out = new Uint8Array(pixels);
      for (let i = 0; i < pixels; i++) out[i] = values[i] & mask;
      return { width: px.columns, height: px.rows, channels: 1, data: out, bitDepth: 8, scan };
    }
    const out = new Uint16Array(pixels);
    for (let i = 0; i < pixels; i++) out[i] = values[i] & mask;
    return { width: px.columns, height: px.rows, channels: 1, data: out, bitDepth: 16, scan };
  }
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    let v = values[i] & mask;
    if (px.signed && v >= signBit) v -= 2 * signBit;
    out[i] = v * slope + intercept;
  }
  return { width: px.columns, height: px.rows, channels: 1, data: out, bitDepth: 32, scan };
}
