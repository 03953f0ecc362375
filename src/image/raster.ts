/**
 * A decoded image in memory, independent of where it was decoded (browser, Node, any format),
 * and its conversion to the float planes the rest of the pipeline reads.
 */

import { defaultWindow, type IntensityWindow, windowUnit } from './window';

export interface Raster {
  readonly width: number;
  readonly height: number;
  /** 1 = grayscale, 3 = RGB (alpha is dropped at decode time). */
  readonly channels: 1 | 3;
  /**
   * Samples, interleaved, row-major: 8- or 16-bit unsigned as stored, or (bitDepth 32) real
   * values — a DICOM's modality values after Rescale Slope/Intercept, signed data included.
   */
  readonly data: Uint8Array | Uint16Array | Float32Array;
  readonly bitDepth: 8 | 16 | 32;
  /**
   * For an indexed-colour (palette) image: the palette index of each pixel, row-major, while
   * `data` holds the palette's colours. A label image stores its class values as indices
   * (PASCAL VOC, most palette label PNGs), so image/labelMap.ts reads these, never the colours.
   */
  readonly paletteIndices?: Uint8Array;
  /**
   * Smallest and largest sample, when the decoder measured them (off the page's thread: a pass
   * over a 12000×12000 image takes most of a second); window.ts sampleRange reads it.
   */
  readonly range?: readonly [number, number];
  /** Scan facts for formats that carry them (DICOM, TIFF): window, frames, spacing… */
  readonly scan?: ScanInfo;
}

/** What a clinical format says about the image beyond its pixels. Never leaves the machine. */
export interface ScanInfo {
  readonly format: 'DICOM' | 'TIFF' | 'PNG';
  /** Frames (DICOM) or pages (TIFF) in the file, and which one this raster is (0-based). */
  readonly frames: number;
  readonly frame: number;
  /** Grey is displayed inverted (DICOM MONOCHROME1): low values are white. */
  readonly invert: boolean;
  /** The file's own window (DICOM Window Center/Width), first of any given. */
  readonly window: { readonly center: number; readonly width: number } | null;
  /** Row and column spacing in mm, when the file says. */
  readonly pixelSpacing: readonly [number, number] | null;
  readonly bitsStored: number;
  readonly signed: boolean;
  readonly rescale: { readonly slope: number; readonly intercept: number } | null;
  /** Labelled facts to show (modality, transfer syntax, photometric…), in display order. */
  readonly facts: ReadonlyArray<readonly [string, string]>;
  /**
   * The file is a DICOM SEG (Segmentation Storage), read as a label image of its segments:
   * ground truth for an image, never an image to segment (see notAnImage).
   */
  readonly segmentation?: boolean;
  /** DICOM identifiers a DICOM SEG must reference (absent for other formats). */
  readonly dicom?: {
    readonly sopClassUid: string;
    readonly sopInstanceUid: string;
    readonly studyInstanceUid: string;
    readonly seriesInstanceUid: string;
    readonly frameOfReferenceUid: string | null;
    readonly patientId: string;
    readonly patientName: string;
    readonly studyDate: string;
    readonly modality: string;
  };
}

/**
 * Smallest side, in pixels, of an image worth segmenting: below it (a 1×1 "image", an icon, a
 * thumbnail strip) a U-Net's output is an artefact of its padding, not a finding — a 1×1 image
 * used to come out as 100 % foreground.
 */
export const MIN_IMAGE_SIDE = 16;

/** Why an image is too small to segment, or null. */
export function tooSmallToSegment(width: number, height: number): string | null {
  if (width >= MIN_IMAGE_SIDE && height >= MIN_IMAGE_SIDE) return null;
  return `the image is only ${width}×${height} pixels: too small to segment (each side needs at least ${MIN_IMAGE_SIDE})`;
}

/**
 * Why a decoded file is not an image to segment, or null: a DICOM SEG is a segmentation (the
 * answer, not the question), and segmenting its label image would pass off a model's reading of
 * segment numbers as a result. The caller adds where such a file goes (--masks, or beside its image).
 */
export function notAnImage(scan: ScanInfo | null | undefined): string | null {
  return scan?.segmentation ? 'this file is a DICOM SEG (a segmentation, not an image)' : null;
}

/** Largest raster the app accepts: 16k × 16k covers whole-slide tiles but not absurd inputs. */
export const MAX_PIXELS = 16384 * 16384;

/** The largest value the samples' type can hold; null for real-valued samples, which have no such bound. */
export function maxSampleValue(raster: Raster): number | null {
  if (raster.bitDepth === 8) return 255;
  if (raster.bitDepth === 16) return 65535;
  return null;
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
 * The raster as `channels` float planes in [0, 1] through an intensity window (grey is
 * replicated to RGB; RGB is reduced to luma for a grayscale model; MONOCHROME1 is inverted).
 * The default window of an 8- or 16-bit image is its full range, i.e. pixel / max.
 */
export function toUnitPlanes(raster: Raster, channels: 1 | 3, window: IntensityWindow = defaultWindow(raster)): Float32Array[] {
  const n = raster.width * raster.height;
  const src = raster.data;
  const invert = raster.scan?.invert ?? false;
  const unit = (v: number) => (invert ? 1 - windowUnit(v, window) : windowUnit(v, window));
  if (raster.channels === 1) {
    const plane = new Float32Array(n);
    for (let i = 0; i < n; i++) plane[i] = unit(src[i]);
    return channels === 1 ? [plane] : [plane, plane, plane];
  }
  if (channels === 3) {
    const planes = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    for (let i = 0; i < n; i++) {
      planes[0][i] = unit(src[i * 3]);
      planes[1][i] = unit(src[i * 3 + 1]);
      planes[2][i] = unit(src[i * 3 + 2]);
    }
    return planes;
  }
  const plane = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    plane[i] = LUMA[0] * unit(src[i * 3]) + LUMA[1] * unit(src[i * 3 + 1]) + LUMA[2] * unit(src[i * 3 + 2]);
  }
  return [plane];
}
