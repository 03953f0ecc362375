/**
 * Sum and Mean over the leading axes of a float32 tensor for TF.js's WASM backend: a bias's and a
 * BatchNorm's gradient sum [B, H, W, C] over B, H and W. The stock kernels first transpose the
 * whole tensor so that the reduced axes come last; here the heap is read once, row by row, into
 * float64 accumulators (one per kept element). Other reductions go to the stock kernels.
 */
import * as tf from '@tensorflow/tfjs';
import { asWasm, view } from './heap';

type Reduce = 'Sum' | 'Mean';

export function makeLeadingReduce(kind: Reduce, stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const axes = tf.util.parseAxisParam(axis, x.shape).sort((a, b) => a - b);
    // Only "the first k axes", k ≥ 1, in float32.
    if (x.dtype !== 'float32' || axes.length === 0 || axes.some((a, i) => a !== i)) return stock(args);
    const backend = asWasm(args.backend);
    const k = axes.length;
    const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
    const width = x.shape.slice(k).reduce((a, b) => a * b, 1);
    const outShape = keepDims ? x.shape.map((s, i) => (i < k ? 1 : s)) : x.shape.slice(k);
    const out = backend.makeOutput(outShape, 'float32');
    const src = view(backend, x);
    const acc = new Float64Array(width);
    for (let r = 0; r < rows; r++) {
      const base = r * width;
      for (let c = 0; c < width; c++) acc[c] += src[base + c];
    }
    const scale = kind === 'Mean' && rows > 0 ? 1 / rows : 1;
    const dst = view(backend, out);
    for (let c = 0; c < width; c++) dst[c] = acc[c] * scale;
    return out;
  };
}
