/**
 * The few things our WASM kernels need from TF.js's WASM backend (tfjs-backend-wasm 4.22): tensors
 * live in the WebAssembly heap, and a kernel may allocate outputs there, view them as typed arrays
 * and call the backend's own XNNPACK kernels on them (looked up with `tf.getKernel`). Keeping the
 * data in the heap is what makes our kernels fast: nothing is copied out through JavaScript arrays.
 * Views must be taken again after any allocation, since a growing heap detaches old ones.
 */
import * as tf from '@tensorflow/tfjs';

/** The part of BackendWasm our kernels use (public members of the class in tfjs-backend-wasm 4.22). */
export interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): boolean;
  /** One more owner of the tensor's memory (freed when every owner has called disposeData). */
  incRef(dataId: tf.DataId): void;
  readonly dataIdMap: { get(dataId: tf.DataId): { id: number; memoryOffset: number }; delete(dataId: tf.DataId): boolean };
  readonly wasm: {
    tfjs: { disposeData(id: number): void };
    /** The heap: exported by the threaded build (shared), the other's is its module's memory. */
    wasmMemory?: WebAssembly.Memory;
    asm?: { memory?: WebAssembly.Memory };
  };
}

/** The backend's WebAssembly memory, where every tensor lies (our SIMD kernels import it). */
export function heapMemory(backend: WasmBackend): WebAssembly.Memory {
  const memory = backend.wasm.wasmMemory ?? backend.wasm.asm?.memory;
  if (!memory) throw new Error('the WASM backend does not expose its memory (tfjs-backend-wasm 4.22 does)');
  return memory;
}

/**
 * A new tensor in the heap, as `backend.makeOutput` makes it, or an error when the heap is full.
 * TF.js 4.22's makeOutput does not fail then: it hands back address 0, and a kernel writing there
 * would overwrite the heap's start without a word. Throws "out of WASM memory: …" (see
 * ml/failures.ts) naming the size that did not fit.
 */
export function allocate(backend: WasmBackend, shape: number[], dtype: tf.DataType): tf.TensorInfo {
  const info = backend.makeOutput(shape, dtype);
  const size = tf.util.sizeFromShape(shape);
  if (size > 0 && heapAddress(backend, info) === 0) {
    backend.disposeData(info.dataId);
    const mb = Math.ceil((size * tf.util.bytesPerElement(dtype)) / 2 ** 20);
    throw new Error(`out of WASM memory: a [${shape.join(', ')}] ${dtype} tensor (${mb} MB) does not fit in the heap`);
  }
  return info;
}

/**
 * Fills `out` by `fill`, given the byte address of a scratch buffer of `bytes()` bytes in the heap
 * (rounded up to floats; asked for only once the call is under way, so that sizing may itself
 * fail), and returns `out`. The scratch is always freed; if anything throws, `out` is freed too, so
 * a failed kernel leaves nothing behind in the heap.
 */
export function withScratch(backend: WasmBackend, out: tf.TensorInfo, bytes: () => number, fill: (scratchAt: number) => void): tf.TensorInfo {
  let buffer: tf.TensorInfo | null = null;
  try {
    buffer = allocate(backend, [Math.max(1, Math.ceil(bytes() / 4))], 'float32');
    fill(heapAddress(backend, buffer));
  } catch (e) {
    backend.disposeData(out.dataId);
    throw e;
  } finally {
    if (buffer) backend.disposeData(buffer.dataId);
  }
  return out;
}

/** Byte address of a tensor's data in the WASM heap. */
export function heapAddress(backend: WasmBackend, info: tf.TensorInfo): number {
  return backend.dataIdMap.get(info.dataId).memoryOffset;
}

/**
 * A float32 tensor over memory another tensor owns (`address` in bytes, inside it): no copy. Give
 * it back with `releaseView`, never `disposeData`, which would free memory it does not own.
 */
export function viewAt(backend: WasmBackend, address: number, shape: number[]): tf.TensorInfo {
  return backend.makeOutput(shape, 'float32', address);
}

export function releaseView(backend: WasmBackend, info: tf.TensorInfo): void {
  const { id } = backend.dataIdMap.get(info.dataId);
  backend.dataIdMap.delete(info.dataId);
  backend.wasm.tfjs.disposeData(id);
}

export function asWasm(backend: unknown): WasmBackend {
  return backend as WasmBackend;
}

/** A float32 view of a tensor in the heap. */
export function view(backend: WasmBackend, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info);
}

/** The same data seen with another shape (the backend reads shapes from the TensorInfo it is given). */
export function reshaped(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: info.dataId, shape, dtype: info.dtype };
}

/** Runs one of the WASM backend's own kernels (XNNPACK where it has one) on heap tensors. */
export function runWasmKernel(name: string, backend: WasmBackend, inputs: Record<string, tf.TensorInfo>, attrs: Record<string, unknown>): tf.TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`the WASM backend has no ${name} kernel`);
  return kernel.kernelFunc({ inputs, backend: backend as never, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
}
