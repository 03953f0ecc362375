/** Types for the image codecs that ship none: jpeg-lossless-decoder-js and OpenJPEG (cornerstone). */
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    /** Decodes a JPEG Lossless stream; samples of `numBytes` bytes (1 or 2), interleaved. */
    decode(buffer: ArrayBufferLike, offset: number, length: number, numBytes?: number): Uint8Array | Uint16Array;
  }
}

/** OpenJPEG's decoder build (Emscripten, plain JS): a factory resolving to the module. */
declare module '@cornerstonejs/codec-openjpeg/decode' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}

declare module '@cornerstonejs/codec-openjpeg' {
  const factory: (options?: object) => Promise<unknown>;
  export default factory;
}
