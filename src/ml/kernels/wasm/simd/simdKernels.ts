/**
 * Our WebAssembly SIMD kernels (assembly/, one module) seen from TypeScript: the instance, its
 * memory and its helper threads, shared by every kernel (filterGradientSimd.ts, conv2dSimd.ts).
 * Where shared memory exists (Node; a cross-origin-isolated page) it runs the shared-memory build
 * with helper threads (helperThreads.ts), as many as TF.js's WASM thread pool has, less this one;
 * elsewhere one thread on the module's own memory. The module is 4 KB: compiled synchronously,
 * which browsers allow for small modules even on a page's own thread. Callers copy their operands
 * in (one image at a time), which bounds the memory kept and costs a memcpy against the kernels'
 * multiply-adds.
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { HelperThreads, type RowsJob } from './helperThreads';
import { SIMD_SHARED_WASM, SIMD_SHARED_WASM_MAX_PAGES } from './simdSharedWasm';
import { SIMD_WASM } from './simdWasm';

/** Most bytes the kernels' memory may take (the shared build's maximum, less a page, 1 GiB). */
export const SIMD_MAX_BYTES = (SIMD_SHARED_WASM_MAX_PAGES - 1) * 65536;

/** The module's exports (assembly/index.ts); addresses are byte offsets in its memory. */
export interface SimdExports {
  filterGradientRows(x: number, dy: number, out: number, H: number, W: number, Ci: number, Ho: number, Wo: number, Co: number, kh: number, kw: number, top: number, left: number, oy0: number, oy1: number): void;
  packFilter(w: number, packed: number, taps: number, Ci: number, Co: number): void;
  conv2dRows(x: number, packed: number, bias: number, out: number, H: number, W: number, Ci: number, Ho: number, Wo: number, Co: number, kh: number, kw: number, top: number, left: number, relu: number, oy0: number, oy1: number): void;
}

interface Instance {
  readonly memory: WebAssembly.Memory;
  readonly exports: SimdExports;
  readonly helpers: HelperThreads | null;
}

let current: Instance | null = null;
/** Threads wanted (this one included); null: as many as TF.js's WASM backend runs. */
let threadsWanted: number | null = null;

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const abort = () => {
  throw new Error('the SIMD kernels aborted');
};

function sharedMemory(): WebAssembly.Memory | null {
  if (typeof SharedArrayBuffer === 'undefined' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return null;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: SIMD_SHARED_WASM_MAX_PAGES, shared: true });
  } catch {
    return null;
  }
}

function instance(): Instance {
  if (current) return current;
  const threads = Math.max(1, threadsWanted ?? getThreadsCount());
  const memory = threads > 1 ? sharedMemory() : null;
  if (memory) {
    const module = new WebAssembly.Module(bytesOf(SIMD_SHARED_WASM));
    const exports = new WebAssembly.Instance(module, { env: { memory, abort } }).exports as unknown as SimdExports;
    current = { memory, exports, helpers: new HelperThreads(module, memory, threads - 1) };
  } else {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytesOf(SIMD_WASM)), { env: { abort } }).exports;
    current = { memory: exports.memory as WebAssembly.Memory, exports: exports as unknown as SimdExports, helpers: null };
  }
  return current;
}

/**
 * How many threads (this one included) the kernels use from their next first use on; for tests and
 * benchmarks. Helpers already started are left running (they wait, costing nothing).
 */
export function setSimdThreads(threads: number | null): void {
  threadsWanted = threads;
  current = null;
}

/**
 * Creates the kernels and their helpers now and waits (at most `timeoutMs`) until they have started:
 * workers start through their creator's event loop, which a training loop that only awaits WASM
 * results (resolved at once) never yields to, so helpers made on first use might never start.
 * Returns the threads the kernels will use.
 */
export async function startSimdThreads(timeoutMs = 5000): Promise<number> {
  const k = instance();
  const deadline = Date.now() + timeoutMs;
  while (k.helpers && k.helpers.ready === 0 && !k.helpers.failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return simdThreads();
}

/** Threads our SIMD kernels run on now (this one and the helpers that have started). */
export function simdThreads(): number {
  return 1 + (instance().helpers?.ready ?? 0);
}

/**
 * The kernels with at least `bytes(helpers)` bytes of memory, where `helpers` is how many helpers are
 * ready now (lay out per-share memory for that many + 1 shares, and pass it to runRows). Throws when
 * that is over SIMD_MAX_BYTES, naming `what`.
 */
export function simdKernels(bytes: (helpers: number) => number, what: string): { exports: SimdExports; heap: ArrayBuffer; helpers: number } {
  const k = instance();
  const helpers = k.helpers?.ready ?? 0;
  const need = bytes(helpers);
  if (need > SIMD_MAX_BYTES) throw new Error(`${what} needs ${Math.ceil(need / 2 ** 20)} MiB, over the SIMD kernels' ${SIMD_MAX_BYTES / 2 ** 20} MiB`);
  const pages = Math.ceil((need - k.memory.buffer.byteLength) / 65536);
  if (pages > 0) k.memory.grow(pages);
  return { exports: k.exports, heap: k.memory.buffer, helpers };
}

/** Runs one image's job on `helpers` helpers (as simdKernels gave) and this thread's `own` share. */
export function runRows(job: RowsJob, helpers: number, own: (oy0: number, oy1: number) => void): void {
  const h = instance().helpers;
  if (helpers > 0 && h) h.run(job, helpers, own);
  else own(0, job.rows);
}
