/**
 * Concat and SplitV for TF.js's WASM backend as copies in the WASM heap. A U-Net concatenates
 * skip and up-sampled features along the channel axis, and its gradient splits them again. The
 * stock Concat makes one typed-array `subarray` + `set` per pixel and input (16 floats each at the
 * first level: the call overhead is most of the time), and the stock SplitV runs a Slice per
 * part. Here parts of equal width (a U-Net's skip and up-sampled features) are interleaved by
 * the backend's native Transpose: the parts are copied whole, one after the other, as
 * [parts, rows, run], and transposed to [rows, parts, run] — about 4× faster than any JavaScript
 * loop over 16-float runs (measured); SplitV does the reverse. Unequal parts: short runs copied by
 * a plain loop, long runs by `set`. Any rank, axis and numeric dtype; strings go to the stock
 * kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, asWasm, reshaped, runWasmKernel } from './heap';

type Heap = Float32Array | Int32Array | Uint8Array;
type HeapBackend = ReturnType<typeof asWasm> & { typedArrayFromHeap(info: tf.TensorInfo): Heap };

/** Runs shorter than this are copied element by element (measured: `set` costs ~100 ns a call). */
const SHORT_RUN = 64;

/**
 * Copies `count` runs of `run` elements: run i from `src` at srcStart + i·srcStride to `dst` at
 * dstStart + i·dstStride.
 */
export function copyRuns(dst: Heap, dstStart: number, dstStride: number, src: Heap, srcStart: number, srcStride: number, run: number, count: number): void {
  if (run >= SHORT_RUN) {
    for (let i = 0; i < count; i++) dst.set(src.subarray(srcStart + i * srcStride, srcStart + i * srcStride + run), dstStart + i * dstStride);
    return;
  }
  for (let i = 0; i < count; i++) {
    const s = srcStart + i * srcStride;
    const d = dstStart + i * dstStride;
    for (let j = 0; j < run; j++) dst[d + j] = src[s + j];
  }
}

/** Dtypes the native Transpose moves bit for bit. */
const NATIVE = new Set<tf.DataType>(['float32', 'int32']);

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

export function makeConcatWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as tf.TensorInfo[];
    if (inputs.length === 0 || inputs[0].dtype === 'string') return stock(args);
    const backend = asWasm(args.backend) as HeapBackend;
    const axis = tf.util.parseAxisParam((args.attrs as unknown as tf.ConcatAttrs).axis, inputs[0].shape)[0];
    tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
    const outShape = tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis);
    const parts = inputs.filter((t) => sizeOf(t.shape) > 0);
    // One non-empty part: the stock kernel returns its copy (Identity).
    if (parts.length < 2) return stock(args);
    const rows = sizeOf(outShape.slice(0, axis));
    const width = sizeOf(outShape.slice(axis));
    const run0 = sizeOf(parts[0].shape.slice(axis));
    if (rows > 1 && run0 < SHORT_RUN && NATIVE.has(parts[0].dtype) && parts.every((p) => sizeOf(p.shape.slice(axis)) === run0)) {
      const stacked = allocate(backend, [parts.length, rows, run0], parts[0].dtype);
      try {
        parts.forEach((p, i) => backend.typedArrayFromHeap(stacked).set(backend.typedArrayFromHeap(p), i * rows * run0));
        return reshaped(runWasmKernel('Transpose', backend, { x: stacked }, { perm: [1, 0, 2] }), outShape);
      } finally {
        backend.disposeData(stacked.dataId);
      }
    }
    const out = allocate(backend, outShape, inputs[0].dtype);
    const dst = backend.typedArrayFromHeap(out);
    let offset = 0;
    for (const part of parts) {
      const run = sizeOf(part.shape.slice(axis));
      copyRuns(dst, offset, width, backend.typedArrayFromHeap(part), 0, run, run, rows);
      offset += run;
    }
    return out;
  };
}

export function makeSplitVWasm(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype === 'string') return stock(args);
    const backend = asWasm(args.backend) as HeapBackend;
    const { numOrSizeSplits, axis } = args.attrs as unknown as tf.SplitVAttrs;
    const $axis = tf.util.parseAxisParam(axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, numOrSizeSplits, $axis);
    const rows = sizeOf(x.shape.slice(0, $axis));
    const inner = sizeOf(x.shape.slice($axis + 1));
    const width = x.shape[$axis] * inner;
    const run = sizes[0] * inner;
    if (rows > 1 && run > 0 && run < SHORT_RUN && NATIVE.has(x.dtype) && sizes.every((s) => s === sizes[0])) {
      const parted = runWasmKernel('Transpose', backend, { x: reshaped(x, [rows, sizes.length, run]) }, { perm: [1, 0, 2] });
      try {
        return sizes.map((s, i) => {
          const shape = [...x.shape];
          shape[$axis] = s;
          const out = allocate(backend, shape, x.dtype);
          backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(parted).subarray(i * rows * run, (i + 1) * rows * run));
          return out;
        });
      } finally {
        backend.disposeData(parted.dataId);
      }
    }
    let offset = 0;
    return sizes.map((s) => {
      const shape = [...x.shape];
      shape[$axis] = s;
      const out = allocate(backend, shape, x.dtype);
      // Views again for every part: an allocation may grow (and detach) the heap.
      if (s > 0 && rows > 0) copyRuns(backend.typedArrayFromHeap(out), 0, s * inner, backend.typedArrayFromHeap(x), offset, width, s * inner, rows);
      offset += s * inner;
      return out;
    });
  };
}
