/** Types shared by the DICOM decoder's modules (dicom.ts, dicomPixels.ts, dicomJpeg.ts). */
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
