/**
 * Tile for TF.js's WASM backend as block copies in the WASM heap. TF.js's BatchNorm gradient
 * tiles per-channel vectors to the activation's full shape; the stock WASM kernel computes every
 * output index by division and modulo, which made Tile one of the largest items of a U-Net
 * training step. Here each input run along the last axis is copied once and every repetition is
 * a doubling `copyWithin` (memmove) — the same values, in the same order. Any rank and dtype.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, asWasm } from './heap';

type Heap = Float32Array | Int32Array | Uint8Array;

/** Copies [start, start + length) of `a` to follow itself until it fills `length · times`. */
function repeatBlock(a: Heap, start: number, length: number, times: number): void {
  let filled = length;
  const total = length * times;
  while (filled < total) {
    const n = Math.min(filled, total - filled);
    a.copyWithin(start + filled, start, start + n);
    filled += n;
  }
}

export function tileWasm(args: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const backend = asWasm(args.backend) as ReturnType<typeof asWasm> & { typedArrayFromHeap(info: tf.TensorInfo): Heap };
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { reps } = args.attrs as unknown as { reps: number[] };
  const shape = x.shape;
  const rank = shape.length;
  const outShape = shape.map((s, i) => s * reps[i]);
  const out = allocate(backend, outShape, x.dtype);
  if (outShape.some((s) => s === 0)) return out;
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  if (rank === 0) {
    dst[0] = src[0];
    return out;
  }
  const inStrides = tf.util.computeStrides(shape);
  const outStrides = tf.util.computeStrides(outShape);
  const inStride = (axis: number) => (axis < rank - 1 ? inStrides[axis] : 1);
  const outStride = (axis: number) => (axis < rank - 1 ? outStrides[axis] : 1);
  // Fills the output block of `axis` at `outAt` from the input block at `inAt`.
  const fill = (axis: number, inAt: number, outAt: number): void => {
    if (axis === rank - 1) {
      dst.set(src.subarray(inAt, inAt + shape[axis]), outAt);
    } else {
      for (let i = 0; i < shape[axis]; i++) fill(axis + 1, inAt + i * inStride(axis), outAt + i * outStride(axis));
    }
    repeatBlock(dst, outAt, shape[axis] * outStride(axis), reps[axis]);
  };
  fill(0, 0, 0);
  return out;
}
