/**
 * Sum and Mean over the leading axes of a float32 tensor for TF.js's WASM backend: a bias's and a
 * BatchNorm's gradient sum [B, H, W, C] over B, H and W. The stock kernels first transpose the
 * whole tensor so that the reduced axes come last; here the heap is read once, in place, by our
 * SIMD kernel (assembly/sumLeading.ts: blocks of rows summed in registers, then added to float64
 * totals, one per kept element). Other reductions go to the stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { allocate, asWasm, heapAddress, heapMemory, view, withScratch } from './heap';
import { simdKernels, simdSupported } from './simd/simdKernels';

type Reduce = 'Sum' | 'Mean';

export function makeLeadingReduce(kind: Reduce, stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    // Only "the first k axes", k ≥ 1, in float32.
    if (!simdSupported() || x.dtype !== 'float32' || axes.length === 0 || axes.some((a, i) => a !== i)) return stock(args);
    const backend = asWasm(args.backend);
    const lead = axes.length;
    const rows = x.shape.slice(0, lead).reduce((a, b) => a * b, 1);
    const width = x.shape.slice(lead).reduce((a, b) => a * b, 1);
    const outShape = keepDims ? x.shape.map((s, i) => (i < lead ? 1 : s)) : x.shape.slice(lead);
    const k = simdKernels(heapMemory(backend)); // first: if it cannot start, nothing is allocated yet
    const out = allocate(backend, outShape, 'float32');
    return withScratch(backend, out, () => width * 8, (accAt) => {
      if (accAt % 8 !== 0) throw new Error('reduceLeading: the scratch buffer is not 8-byte aligned');
      const acc = new Float64Array(k.memory.buffer, accAt, width).fill(0);
      k.exports.sumLeadingRows(heapAddress(backend, x), accAt, rows, width);
      const scale = kind === 'Mean' && rows > 0 ? 1 / rows : 1;
      const dst = view(backend, out);
      for (let c = 0; c < width; c++) dst[c] = acc[c] * scale;
    });
  };
}
