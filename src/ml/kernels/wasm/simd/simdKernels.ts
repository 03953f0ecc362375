/**
 * Our WebAssembly SIMD kernels (assembly/, one module) seen from TypeScript. The module imports the
 * memory it works on, and that memory is TF.js's WASM heap itself: the kernels read the tensors where
 * they lie and write their outputs in place, with no copy (copies cost ~8 % of a convolution on one
 * thread and more on two, since they ran on one). When the heap is shared (TF.js's threaded build,
 * in a cross-origin-isolated page; in Node TF.js runs its single-threaded build) helper threads (helperThreads.ts) instantiate the same
 * module on it, as many as TF.js's WASM thread pool has, less this one; otherwise the kernels run on
 * this thread. The module is 11 KB, imports nothing but the memory, and has no data segment (scripts/assembly.mjs checks), so
 * instantiating it writes nothing into the heap; it is compiled synchronously, which browsers allow
 * for small modules even on a page's own thread.
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { HelperThreads, type RowsJob } from './helperThreads';
import { SIMD_SHARED_WASM } from './simdSharedWasm';
import { SIMD_WASM } from './simdWasm';

/**
 * Geometry of one convolution, as our kernels take it (stride 1, dilation 1, NHWC): x [B, H, W, Ci],
 * filter [kh, kw, Ci, Co], y and dy [B, Ho, Wo, Co]; top/left: zero padding before the first row and
 * column, in pixels (the bottom and right follow from H, Ho and kh).
 */
export interface ConvShape {
  readonly B: number;
  readonly H: number;
  readonly W: number;
  readonly Ci: number;
  readonly Ho: number;
  readonly Wo: number;
  readonly Co: number;
  readonly kh: number;
  readonly kw: number;
  readonly top: number;
  readonly left: number;
}

/** The module's exports (assembly/index.ts); addresses are byte offsets in the heap. */
export interface SimdExports {
  filterGradientRows(x: number, dy: number, out: number, H: number, W: number, Ci: number, Ho: number, Wo: number, Co: number, kh: number, kw: number, top: number, left: number, oy0: number, oy1: number): void;
  packFilter(w: number, packed: number, taps: number, Ci: number, Co: number): void;
  sumLeadingRows(x: number, acc: number, rows: number, width: number): void;
  conv2dRows(x: number, packed: number, bias: number, out: number, H: number, W: number, Ci: number, Ho: number, Wo: number, Co: number, kh: number, kw: number, top: number, left: number, relu: number, outPx: number, outRow: number, flag: number, oy0: number, oy1: number): void;
  winogradFilter(w: number, u: number, Ci: number, Co: number): void;
  winogradScratchBytes(Wo: number, Ci: number, Co: number, bandRows: number): number;
  winogradRows(x: number, u: number, bias: number, out: number, scratch: number, H: number, W: number, Ci: number, Ho: number, Wo: number, Co: number, top: number, left: number, relu: number, bandRows: number, flag: number, b0: number, b1: number): void;
}

/** The kernels on one heap, and the helpers that share it. */
export interface SimdKernels {
  readonly memory: WebAssembly.Memory;
  readonly exports: SimdExports;
  /** Helpers ready now (lay out per-share memory for this many + 1 shares, and pass it to run). */
  readonly helpers: number;
  /**
   * Runs one image's job on `helpers` helpers and this thread: by default this thread's rows run
   * the job's export with its arguments (share 0, as the helpers run theirs); `own` replaces that.
   */
  run(job: RowsJob, helpers: number, own?: (oy0: number, oy1: number) => void): void;
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

let supported: boolean | null = null;

/**
 * Whether this engine runs WebAssembly SIMD (Chrome 91+, Firefox 89+, Safari 16.4+, Node 16.4+).
 * Where it does not, every kernel of ours that needs the module hands its work to TF.js's own.
 */
export function simdSupported(): boolean {
  supported ??= WebAssembly.validate(bytesOf(SIMD_WASM));
  return supported;
}

function isShared(memory: WebAssembly.Memory): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
}

function instance(memory: WebAssembly.Memory): Instance {
  if (current?.memory === memory) return current;
  current?.helpers?.terminate();
  const shared = isShared(memory);
  const module = new WebAssembly.Module(bytesOf(shared ? SIMD_SHARED_WASM : SIMD_WASM));
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SimdExports;
  const threads = Math.max(1, threadsWanted ?? getThreadsCount());
  current = { memory, exports, helpers: shared && threads > 1 ? new HelperThreads(module, memory, threads - 1) : null };
  return current;
}

/** The kernels working on `memory` (TF.js's heap, or a test's), created on first use. */
export function simdKernels(memory: WebAssembly.Memory): SimdKernels {
  const k = instance(memory);
  return {
    memory,
    exports: k.exports,
    helpers: k.helpers?.ready ?? 0,
    run: (job, helpers, own) => {
      const rows = own ?? ((oy0: number, oy1: number) => (k.exports[job.kernel] as (...args: number[]) => void)(...job.args, oy0, oy1));
      if (helpers > 0 && k.helpers) k.helpers.run(job, helpers, rows);
      else rows(0, job.rows);
    },
  };
}

/**
 * How many threads (this one included) the kernels use from their next creation on; for tests and
 * benchmarks. The helpers of the kernels in use now are stopped.
 */
export function setSimdThreads(threads: number | null): void {
  threadsWanted = threads;
  current?.helpers?.terminate();
  current = null;
}

/**
 * Creates the kernels on `memory` and their helpers now, and waits (at most `timeoutMs`) until they
 * have started: workers start through their creator's event loop, which a training loop that only
 * awaits WASM results (resolved at once) never yields to, so helpers made on first use might never
 * start. Returns the threads the kernels will use.
 */
export async function startSimdThreads(memory: WebAssembly.Memory, timeoutMs = 5000): Promise<number> {
  const k = instance(memory);
  const deadline = Date.now() + timeoutMs;
  while (k.helpers && k.helpers.ready === 0 && !k.helpers.failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return simdThreads();
}

/** Threads our SIMD kernels run on now (this one and the helpers that have started); 1 before first use. */
export function simdThreads(): number {
  return 1 + (current?.helpers?.ready ?? 0);
}
