/**
 * The stored samples of one DICOM frame, before sign, rescale and colour conversion: native pixel
 * data in any byte order (PS3.5 §8, Annex A), Float and Double Float Pixel Data, RLE Lossless (decoded
 * here, PS3.5 Annex G), Deflated Image Frame Compression (PS3.5 §8.2.16), JPEG Baseline through jpeg-js,
 * JPEG Lossless through jpeg-lossless-decoder-js (rii-mango, the decoder cornerstone uses) and JPEG 2000
 * through @cornerstonejs/codec-openjpeg (OpenJPEG built to plain JS, loaded only when such a file
 * comes). Also the colour conversions of PS3.3 §C.7.6.3.1.2 (YBR_FULL, YBR_FULL_422).
 */
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { inflateSync } from 'fflate';
import jpeg from 'jpeg-js';
import { Decoder as LosslessDecoder } from 'jpeg-lossless-decoder-js';
import { ImageDecodeError } from './portable';

export class DicomError extends ImageDecodeError {}

export type Codec = 'native' | 'deflate' | 'deflated-frames' | 'rle' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg2000';

export type Samples = Uint8Array | Uint16Array | Uint32Array;

/** The Image Pixel module (PS3.3 §C.7.6.3) as far as decoding needs it. */
export interface PixelModule {
  rows: number;
  columns: number;
  samples: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
  photometric: string;
  planar: boolean;
  frames: number;
  /** 32 or 64 for Float / Double Float Pixel Data (7FE0,0008 / 0009), 0 for integer Pixel Data. */
  float: 0 | 32 | 64;
}

/** A decoded frame: integer samples (interleaved unless `planar`), or real values for float pixel data. */
export interface FrameSamples {
  values: Samples | Float32Array;
  /** True when the codec already produced RGB (JPEG, JPEG 2000): no YBR conversion, no de-planarising. */
  rgbDecoded: boolean;
}

/** Pixel Data, or Float / Double Float Pixel Data (PS3.3 §C.7.6.3.1.2). */
export function pixelDataElement(ds: DataSet): Element | undefined {
  return ds.elements.x7fe00010 ?? ds.elements.x7fe00008 ?? ds.elements.x7fe00009;
}

/** YBR_FULL_422 / YBR_PARTIAL_422 store two samples per pixel: Y Y Cb Cr for each pair of pixels (PS3.3 §C.7.6.3.1.2). */
export function isChroma422(photometric: string): boolean {
  return photometric === 'YBR_FULL_422' || photometric === 'YBR_PARTIAL_422';
}

/** Samples in one native frame: rows × columns × samples per pixel, two per pixel for the 4:2:2 YBR forms. */
function samplesPerFrame(px: PixelModule): number {
  return px.rows * px.columns * (px.samples === 3 && isChroma422(px.photometric) ? 2 : px.samples);
}

/**
 * Frame `frame` of native (uncompressed) pixel data starting at `data[start]`. `bigEndian`: multi-byte
 * samples are big endian; `swapPairs`: 8- or 1-bit samples stored as OW in Explicit VR Big Endian, whose
 * bytes are swapped in pairs (PS3.5 §8.1.1 and Annex A.3: OW is a stream of 16-bit words). 1-bit frames
 * follow each other bit by bit, not byte by byte (PS3.5 §8.1.1).
 */
function nativeFrame(data: Uint8Array, start: number, px: PixelModule, frame: number, bigEndian: boolean, swapPairs: boolean): Samples | Float32Array {
  const count = samplesPerFrame(px);
  const swap = swapPairs ? 1 : 0;
  const truncated = () => new DicomError('the DICOM file is truncated (its pixel data ends before the last frame)');
  if (px.bitsAllocated === 1) {
    if (start + Math.ceil(((frame + 1) * count) / 8) > data.length) throw truncated();
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const bit = frame * count + i;
      out[i] = (data[start + ((bit >> 3) ^ swap)] >> (bit & 7)) & 1;
    }
    return out;
  }
  const bytes = px.float ? px.float / 8 : px.bitsAllocated <= 8 ? 1 : px.bitsAllocated <= 16 ? 2 : 4;
  const offset = start + frame * count * bytes;
  if (offset + count * bytes > data.length) throw truncated();
  const view = new DataView(data.buffer, data.byteOffset + offset, count * bytes);
  const little = !bigEndian;
  if (px.float === 32) return Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, little));
  if (px.float === 64) return Float32Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, little));
  if (bytes === 1) {
    if (!swap) return data.slice(offset, offset + count);
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) out[i] = data[start + ((frame * count + i) ^ 1)];
    return out;
  }
  if (bytes === 2) return Uint16Array.from({ length: count }, (_, i) => view.getUint16(i * 2, little));
  return Uint32Array.from({ length: count }, (_, i) => view.getUint32(i * 4, little));
}

/** The compressed bytes of one frame of encapsulated pixel data (PS3.5 §A.4). */
function encapsulatedFrame(ds: DataSet, element: Element, frame: number, frames: number): Uint8Array {
  const fragments = element.fragments ?? [];
  if (frames === 1) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, element, 0, fragments.length);
  if ((element.basicOffsetTable ?? []).length) return dicomParser.readEncapsulatedImageFrame(ds, element, frame);
  if (fragments.length === frames) return dicomParser.readEncapsulatedPixelDataFromFragments(ds, element, frame, 1);
  return dicomParser.readEncapsulatedImageFrame(ds, element, frame, dicomParser.createJPEGBasicOffsetTable(ds, element));
}

/**
 * RLE Lossless (PS3.5 Annex G): one PackBits segment per byte of each sample, most significant first.
 * Returns `pixels` × `samples` × `bytesPerSample` bytes, little endian, samples interleaved. For 1-bit
 * data pass the packed byte count (⌈rows × columns / 8⌉) as `pixels`.
 */
export function decodeRle(frame: Uint8Array, pixels: number, samples: number, bytesPerSample: number): Uint8Array {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (frame.length < 64) throw new DicomError('corrupt RLE frame (no header)');
  const segments = view.getUint32(0, true);
  if (segments !== samples * bytesPerSample) throw new DicomError(`corrupt RLE frame (${segments} segments, expected ${samples * bytesPerSample})`);
  const out = new Uint8Array(pixels * samples * bytesPerSample);
  const stride = samples * bytesPerSample;
  for (let s = 0; s < segments; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segments ? view.getUint32(8 + 4 * s, true) : frame.length;
    // Little-endian output: segment 0 holds the most significant byte.
    let o = Math.floor(s / bytesPerSample) * bytesPerSample + (bytesPerSample - 1 - (s % bytesPerSample));
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

/** 1-bit samples packed least significant bit first (PS3.5 §8.1.1) → one byte (0/1) per pixel. */
function unpackBits(packed: Uint8Array, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (packed[i >> 3] >> (i & 7)) & 1;
  return out;
}

/**
 * Whether a JPEG's three components are YCbCr to be converted to RGB. The JPEG's own markers decide
 * first, as in libjpeg: an Adobe APP14 marker's transform flag (0: none), component ids 'R','G','B'
 * (none), a JFIF APP0 marker (JFIF is YCbCr by definition); failing those, the DICOM Photometric
 * Interpretation (PS3.5 §8.2.1: RGB means the components are R, G, B; YBR_* means YCbCr).
 */
export function jpegIsYcbcr(stream: Uint8Array, photometric: string): boolean {
  let jfif = false;
  let ids: number[] = [];
  for (let i = 2; i + 4 <= stream.length && stream[i] === 0xff; ) {
    const marker = stream[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = (stream[i + 2] << 8) | stream[i + 3];
    const body = stream.subarray(i + 4, i + 2 + length);
    const text = (n: number) => String.fromCharCode(...body.subarray(0, n));
    if (marker === 0xee && length >= 14 && text(6) === 'Adobe\0') return body[11] !== 0;
    if (marker === 0xe0 && text(5) === 'JFIF\0') jfif = true;
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      ids = Array.from({ length: body[5] ?? 0 }, (_, k) => body[6 + 3 * k]);
    }
    if (marker === 0xda) break;
    i += 2 + length;
  }
  if (String.fromCharCode(...ids) === 'RGB') return false;
  if (jfif) return true;
  return photometric !== 'RGB';
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
    const bytes = decoder.getDecodedBuffer().slice();
    return info.bitsPerSample > 8 ? new Uint16Array(bytes.buffer, 0, bytes.length >> 1) : bytes;
  } finally {
    decoder.delete?.();
  }
}

function decodeJpegBaseline(compressed: Uint8Array, px: PixelModule): FrameSamples {
  const pixels = px.rows * px.columns;
  const colorTransform = px.samples === 3 ? jpegIsYcbcr(compressed, px.photometric) : false;
  let image;
  try {
    image = jpeg.decode(compressed, { useTArray: true, formatAsRGBA: false, colorTransform, maxMemoryUsageInMB: 1024 });
  } catch (e) {
    throw new DicomError(`corrupt JPEG Baseline frame (${(e as Error).message})`);
  }
  if (image.width !== px.columns || image.height !== px.rows) {
    throw new DicomError(`corrupt JPEG Baseline frame (it is ${image.width}×${image.height}; Columns×Rows say ${px.columns}×${px.rows})`);
  }
  const channels = image.data.length / pixels;
  if (px.samples === 1) return { values: Uint8Array.from({ length: pixels }, (_, i) => image.data[i * channels]), rgbDecoded: false };
  return { values: image.data.slice(0, pixels * 3), rgbDecoded: true };
}

/**
 * The stored samples of frame `frame` (0-based): unsigned integers before sign and rescale (1-bit
 * samples as 0/1 bytes), or real values for float pixel data.
 */
export async function frameSamples(ds: DataSet, px: PixelModule, codec: Codec, bigEndian: boolean, frame: number): Promise<FrameSamples> {
  const element = pixelDataElement(ds) as Element;
  const pixels = px.rows * px.columns;
  const bytes = px.bitsAllocated <= 8 ? 1 : px.bitsAllocated <= 16 ? 2 : 4;
  if (codec === 'native' || codec === 'deflate') {
    if (element.encapsulatedPixelData) throw new DicomError('the pixel data is encapsulated (compressed) but the transfer syntax says uncompressed');
    const swapPairs = bigEndian && px.bitsAllocated <= 8 && element.vr === 'OW';
    return { values: nativeFrame(ds.byteArray, element.dataOffset, px, frame, bigEndian, swapPairs), rgbDecoded: false };
  }
  if (!element.encapsulatedPixelData) throw new DicomError('the transfer syntax is compressed but the pixel data is not encapsulated');
  const compressed = encapsulatedFrame(ds, element, frame, px.frames);
  if (codec === 'deflated-frames') {
    let inflated: Uint8Array;
    try {
      inflated = inflateSync(compressed);
    } catch (e) {
      throw new DicomError(`corrupt deflated frame (${(e as Error).message})`);
    }
    return { values: nativeFrame(inflated, 0, px, 0, false, false), rgbDecoded: false };
  }
  if (codec === 'rle') {
    if (px.bitsAllocated === 1) {
      // One segment per frame holding the packed bits, ⌈rows × columns / 8⌉ bytes (PS3.5 §G.2).
      return { values: unpackBits(decodeRle(compressed, Math.ceil(pixels / 8), 1, 1), pixels), rgbDecoded: false };
    }
    const raw = decodeRle(compressed, pixels, px.samples, bytes);
    // RLE output is already interleaved (R, G, B per pixel) whatever Planar Configuration says.
    if (bytes === 1) return { values: raw, rgbDecoded: false };
    const view = new DataView(raw.buffer);
    const count = pixels * px.samples;
    if (bytes === 2) return { values: Uint16Array.from({ length: count }, (_, i) => view.getUint16(i * 2, true)), rgbDecoded: false };
    return { values: Uint32Array.from({ length: count }, (_, i) => view.getUint32(i * 4, true)), rgbDecoded: false };
  }
  if (codec === 'jpeg2000') return { values: await decodeJpeg2000(compressed, px), rgbDecoded: px.samples === 3 };
  if (codec === 'jpeg-baseline') return decodeJpegBaseline(compressed, px);
  const decoded = new LosslessDecoder().decode(compressed.buffer, compressed.byteOffset, compressed.byteLength, bytes);
  return { values: decoded.slice(0, pixels * px.samples), rgbDecoded: false };
}

/** Colour-by-plane (Planar Configuration 1) → colour-by-pixel. */
export function planarToInterleaved(values: Samples, pixels: number): Samples {
  const out = new (values.constructor as new (n: number) => Samples)(values.length);
  for (let i = 0; i < pixels; i++) for (let c = 0; c < 3; c++) out[i * 3 + c] = values[c * pixels + i];
  return out;
}

/** Y Y Cb Cr per pair of pixels (4:2:2, PS3.3 §C.7.6.3.1.2) → Y Cb Cr per pixel, chroma repeated. */
export function upsample422(values: Samples, pixels: number): Samples {
  const out = new (values.constructor as new (n: number) => Samples)(pixels * 3);
  for (let p = 0; p + 1 < pixels; p += 2) {
    const i = p * 2;
    out.set([values[i], values[i + 2], values[i + 3], values[i + 1], values[i + 2], values[i + 3]], p * 3);
  }
  return out;
}

/**
 * YCbCr → RGB, interleaved, for samples of `max` (255 for 8 bits). YBR_FULL: ITU-R BT.601 full range
 * (PS3.3 §C.7.6.3.1.2); `partial`: Y in 16–235 and Cb, Cr in 16–240 (YBR_PARTIAL_*).
 */
export function ybrToRgb(values: Samples, max: number, partial = false): Uint16Array | Uint8Array {
  const out = max > 255 ? new Uint16Array(values.length) : new Uint8Array(values.length);
  const scale = (max + 1) / 256;
  const half = (max + 1) / 2;
  const clamp = (v: number) => Math.min(max, Math.max(0, Math.round(v)));
  for (let i = 0; i < values.length; i += 3) {
    const y = partial ? (values[i] - 16 * scale) * (255 / 219) : values[i];
    const cb = (values[i + 1] - half) * (partial ? 255 / 224 : 1);
    const cr = (values[i + 2] - half) * (partial ? 255 / 224 : 1);
    out[i] = clamp(y + 1.402 * cr);
    out[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
    out[i + 2] = clamp(y + 1.772 * cb);
  }
  return out;
}
