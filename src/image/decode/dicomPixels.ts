/**
 * The stored samples of one DICOM frame, before sign, rescale and colour conversion: native pixel
 * data in any byte order (PS3.5 §8, Annex A), Float and Double Float Pixel Data, RLE Lossless (decoded
 * here, PS3.5 Annex G), Deflated Image Frame Compression (PS3.5 §8.2.16), and the JPEG family
 * (dicomJpeg.ts). Also the colour conversions of PS3.3 §C.7.6.3.1.2 (YBR_FULL, YBR_FULL/PARTIAL_422).
 */
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { inflateSync } from 'fflate';
import { decodeJpeg2000, decodeJpegBaseline, decodeJpegLossless } from './dicomJpeg';
import { type Codec, DicomError, type FrameSamples, type PixelModule, type Samples } from './dicomTypes';

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
  return { values: decodeJpegLossless(compressed, px, bytes), rgbDecoded: false };
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
