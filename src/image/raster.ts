/**
 * A decoded image in memory, independent of where it was decoded (browser, Node, any format),
 * and its conversion to the float planes the rest of the pipeline reads.
 */

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** 1 = grayscale, 3 = RGB (alpha is dropped at decode time). */
  readonly channels: 1 | 3;
  /** Samples per channel: 8-bit or 16-bit, interleaved, row-major. */
  readonly data: Uint8Array | Uint16Array;
  readonly bitDepth: 8 | 16;
}

/** Largest raster the app accepts: 16k × 16k covers whole-slide tiles but not absurd inputs. */
export const MAX_PIXELS = 16384 * 16384;

export function maxSampleValue(raster: Raster): number {
  return raster.bitDepth === 16 ? 65535 : 255;
}

/**
 * Builds a raster from interleaved samples with 1–4 channels, dropping alpha and
 * collapsing RGB whose channels are all equal to grayscale (many "RGB" scans are grey).
 */
export function rasterFromInterleaved(
  width: number,
  height: number,
  sourceChannels: number,
  data: Uint8Array | Uint8ClampedArray | Uint16Array,
  bitDepth: 8 | 16,
): Raster {
  const n = width * height;
  if (data.length < n * sourceChannels) throw new Error(`pixel data is shorter than ${width}×${height}×${sourceChannels}`);
  const make = (len: number) => (bitDepth === 16 ? new Uint16Array(len) : new Uint8Array(len));
  if (sourceChannels === 1 || sourceChannels === 2) {
    const out = make(n);
    for (let i = 0; i < n; i++) out[i] = data[i * sourceChannels];
    return { width, height, channels: 1, data: out, bitDepth };
  }
  let grey = true;
  for (let i = 0; i < n && grey; i++) {
    const o = i * sourceChannels;
    grey = data[o] === data[o + 1] && data[o] === data[o + 2];
  }
  if (grey) {
    const out = make(n);
    for (let i = 0; i < n; i++) out[i] = data[i * sourceChannels];
    return { width, height, channels: 1, data: out, bitDepth };
  }
  const out = make(n * 3);
  for (let i = 0; i < n; i++) {
    const o = i * sourceChannels;
    out[i * 3] = data[o];
    out[i * 3 + 1] = data[o + 1];
    out[i * 3 + 2] = data[o + 2];
  }
  return { width, height, channels: 3, data: out, bitDepth };
}

/** ITU-R BT.601 luma, the weights Keras/PIL use for "L" conversion. */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * The raster as `channels` float planes scaled to [0, 1] (grey is replicated to RGB; RGB is
 * reduced to luma for a grayscale model).
 */
export function toUnitPlanes(raster: Raster, channels: 1 | 3): Float32Array[] {
  const n = raster.width * raster.height;
  const scale = 1 / maxSampleValue(raster);
  const src = raster.data;
  if (raster.channels === 1) {
    const plane = new Float32Array(n);
    for (let i = 0; i < n; i++) plane[i] = src[i] * scale;
    return channels === 1 ? [plane] : [plane, plane, plane];
  }
  if (channels === 3) {
    const planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    for (let i = 0; i < n; i++) {
      planes[0][i] = src[i * 3] * scale;
      planes[1][i] = src[i * 3 + 1] * scale;
      planes[2][i] = src[i * 3 + 2] * scale;
    }
    return planes;
  }
  const plane = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    plane[i] = (LUMA[0] * src[i * 3] + LUMA[1] * src[i * 3 + 1] + LUMA[2] * src[i * 3 + 2]) * scale;
  }
  return [plane];
}
