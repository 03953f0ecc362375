/**
 * A WebAssembly memory laid out for our SIMD kernels' tests, as TF.js's heap would hold tensors:
 * float32 arrays copied in at 16-byte-aligned addresses, and zeroed buffers for outputs and scratch;
 * and helper threads started on it.
 */
import { setSimdThreads, simdKernels, simdThreads } from '../ml/kernels/wasm/simd/simdKernels';

/**
 * Our kernels on `heap` with `threads` threads (this one included), once all helpers have started
 * (they start asynchronously; until then the kernels work alone). Returns the threads running.
 */
export async function withThreads(heap: TestHeap, threads: number): Promise<number> {
  setSimdThreads(threads);
  simdKernels(heap.memory);
  const deadline = Date.now() + 20_000;
  while (simdThreads() < threads && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return simdThreads();
}

export class TestHeap {
  readonly memory: WebAssembly.Memory;
  private end = 16; // address 0 stays unused, as in a real heap

  /** shared: a shared memory (as TF.js's threaded build has), which helper threads can work on. */
  constructor(shared: boolean) {
    this.memory = shared ? new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true }) : new WebAssembly.Memory({ initial: 1 });
  }

  /** Starts a new layout from the bottom (earlier addresses become invalid). */
  reset(): void {
    this.end = 16;
  }

  /** Address of `bytes` new zeroed bytes. */
  alloc(bytes: number): number {
    const at = this.end;
    this.end = Math.ceil((at + bytes) / 16) * 16;
    const pages = Math.ceil((this.end - this.memory.buffer.byteLength) / 65536);
    if (pages > 0) this.memory.grow(pages);
    new Uint8Array(this.memory.buffer, at, bytes).fill(0);
    return at;
  }

  /** Address of a copy of `values`. */
  put(values: Float32Array): number {
    const at = this.alloc(values.length * 4);
    new Float32Array(this.memory.buffer, at, values.length).set(values);
    return at;
  }

  /** A copy of `count` floats at `at`. */
  read(at: number, count: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, count).slice();
  }
}
