/**
 * The JPEG family of DICOM pixel codecs: JPEG Baseline through jpeg-js (PS3.5 §A.4.1), with the colour
 * transform decided as libjpeg does; JPEG Lossless through jpeg-lossless-decoder-js (rii-mango, the
 * decoder cornerstone uses); JPEG 2000 through @cornerstonejs/codec-openjpeg (OpenJPEG built to plain
 * JS, loaded only when such a file comes, PS3.5 §A.4.4).
 */
import jpeg from 'jpeg-js';
import { Decoder as LosslessDecoder } from 'jpeg-lossless-decoder-js';
import { DicomError, type FrameSamples, type PixelModule } from './dicomTypes';

/**
 * Whether a JPEG's three components are YCbCr to be converted to RGB. The JPEG's own markers decide
 * first, in libjpeg's order (jdapimin.c): a JFIF APP0 marker means YCbCr (JFIF 1.02 §4), an Adobe APP14
 * marker's transform flag 0 means none, component ids 'R','G','B' mean none. Failing those, the DICOM
 * Photometric Interpretation decides where libjpeg would assume YCbCr (PS3.5 §8.2.1: RGB means the
 * components are R, G, B; YBR_* means YCbCr).
 */
export function jpegIsYcbcr(stream: Uint8Array, photometric: string): boolean {
  let jfif = false;
  let adobeTransform: number | null = null;
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
    if (marker === 0xe0 && text(5) === 'JFIF\0') jfif = true;
    if (marker === 0xee && length >= 14 && text(5) === 'Adobe') adobeTransform = body[11];
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      ids = Array.from({ length: body[5] ?? 0 }, (_, k) => body[6 + 3 * k]);
    }
    if (marker === 0xda) break;
    i += 2 + length;
  }
  if (jfif) return true;
  if (adobeTransform !== null) return adobeTransform !== 0;
  if (String.fromCharCode(...ids) === 'RGB') return false;
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

/** One JPEG 2000 frame: 8- or 16-bit samples, interleaved, colour already RGB (ICT/RCT undone). */
export async function decodeJpeg2000(compressed: Uint8Array, px: PixelModule): Promise<Uint8Array | Uint16Array> {
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

/** One JPEG Baseline frame: grey, or RGB with the colour transform only when jpegIsYcbcr says. */
export function decodeJpegBaseline(compressed: Uint8Array, px: PixelModule): FrameSamples {
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

/** One JPEG Lossless frame: `bytes` (1 or 2) per sample, interleaved. */
export function decodeJpegLossless(compressed: Uint8Array, px: PixelModule, bytes: number): Uint8Array | Uint16Array {
  const decoded = new LosslessDecoder().decode(compressed.buffer, compressed.byteOffset, compressed.byteLength, bytes);
  return decoded.slice(0, px.rows * px.columns * px.samples);
}
