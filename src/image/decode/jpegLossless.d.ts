/** The part of jpeg-lossless-decoder-js (which ships no types) that the DICOM decoder uses. */
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    /** Decodes a JPEG Lossless stream; samples of `numBytes` bytes (1 or 2), interleaved. */
    decode(buffer: ArrayBufferLike, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}
