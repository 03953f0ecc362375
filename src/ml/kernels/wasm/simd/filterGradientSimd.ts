/**
 * Our WebAssembly SIMD filter gradient (assembly/filterGradient.ts) seen from TypeScript. Where
 * shared memory exists (Node; a cross-origin-isolated page) it runs on the shared-memory build with
 * helper threads (helperThreads.ts) as many as TF.js's WASM thread pool has, less this one; elsewhere
 * on one thread with the module's own memory. Modules are 2 KB: compiled synchronously, which
 * browsers allow for small modules even on a page's own thread. Inputs are copied in one image at a
 * time, which bounds the memory kept (a 256² image with 32 channels: 12 MB) and costs a memcpy per
 * image against the kernel's kh·kw·Ci·Co multiply-adds per pixel.
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { FILTER_GRADIENT_SHARED_WASM, FILTER_GRADIENT_SHARED_WASM_MAX_PAGES } from './filterGradientSharedWasm';
import { FILTER_GRADIENT_WASM } from './filterGradientWasm';
import { HelperThreads } from './helperThreads';

/** Geometry of one call: x [B, H, W, Ci], dy [B, Ho, Wo, Co], dW [kh, kw, Ci, Co]; top/left: zero padding in pixels. */
export interface FilterGradientShape {
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

type Rows = (x: number, dy: number, out: number, H: number, W: number, Ci: number, Ho: number, Wo: number, Co: number, kh: number, kw: number, top: number, left: number, oy0: number, oy1: number) => void;

interface Kernel {
  readonly memory: WebAssembly.Memory;
  readonly rows: Rows;
  readonly helpers: HelperThreads | null;
}

let kernel: Kernel | null = null;
/** Threads wanted (this one included); null: as many as TF.js's WASM backend runs. */
let threadsWanted: number | null = null;

const bytesOf = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const abort = () => {
  throw new Error('filterGradient.wasm aborted');
};

function sharedMemory(): WebAssembly.Memory | null {
  if (typeof SharedArrayBuffer === 'undefined' || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) return null;
  try {
    return new WebAssembly.Memory({ initial: 1, maximum: FILTER_GRADIENT_SHARED_WASM_MAX_PAGES, shared: true });
  } catch {
    return null;
  }
}

function instance(): Kernel {
  if (kernel) return kernel;
  const threads = Math.max(1, threadsWanted ?? getThreadsCount());
  const memory = threads > 1 ? sharedMemory() : null;
  if (memory) {
    const module = new WebAssembly.Module(bytesOf(FILTER_GRADIENT_SHARED_WASM));
    const rows = new WebAssembly.Instance(module, { env: { memory, abort } }).exports.filterGradientRows as Rows;
    kernel = { memory, rows, helpers: new HelperThreads(module, memory, threads - 1) };
  } else {
    const exports = new WebAssembly.Instance(new WebAssembly.Module(bytesOf(FILTER_GRADIENT_WASM)), { env: { abort } }).exports;
    kernel = { memory: exports.memory as WebAssembly.Memory, rows: exports.filterGradientRows as Rows, helpers: null };
  }
  return kernel;
}

/**
 * How many threads (this one included) the kernel uses from its next first use on; for tests and
 * benchmarks. Helpers already started are left running (they wait, costing nothing).
 */
export function setFilterGradientThreads(threads: number | null): void {
  threadsWanted = threads;
  kernel = null;
}

/**
 * Creates the kernel and its helpers now and waits (at most `timeoutMs`) until they have started:
 * workers start through their creator's event loop, which a training loop that only awaits
 * WASM results (resolved at once) never yields to, so helpers made on first use might never start.
 * Returns the threads the kernel will use.
 */
export async function startFilterGradientThreads(timeoutMs = 5000): Promise<number> {
  const k = instance();
  const deadline = Date.now() + timeoutMs;
  while (k.helpers && k.helpers.ready === 0 && !k.helpers.failed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return filterGradientThreads();
}

/** Threads the kernel would use now (helpers that have started, plus this one). */
export function filterGradientThreads(): number {
  return 1 + (instance().helpers?.ready ?? 0);
}

/** Most bytes the kernel's memory may take (the shared build's maximum, less a page): larger layers go elsewhere. */
const MAX_BYTES = (FILTER_GRADIENT_SHARED_WASM_MAX_PAGES - 1) * 65536;

/** Bytes of kernel memory one call takes: a float64 dW per share, one image of x and of dy. */
function bytesFor(s: FilterGradientShape, shares: number): number {
  return shares * s.kh * s.kw * s.Ci * s.Co * 8 + (s.H * s.W * s.Ci + s.Ho * s.Wo * s.Co) * 4;
}

/**
 * Whether the SIMD kernel computes this shape: stride and dilation 1, and one image's operands
 * within its memory's maximum (1 GiB; a 1024² layer of 128 → 128 channels is over it).
 */
export function simdFilterGradientFits(strideH: number, strideW: number, dilationH: number, dilationW: number, shape?: FilterGradientShape): boolean {
  if (strideH !== 1 || strideW !== 1 || dilationH !== 1 || dilationW !== 1) return false;
  return !shape || bytesFor(shape, filterGradientThreads()) <= MAX_BYTES;
}

/**
 * dW[ky, kx, ci, co] = Σ_{b, oy, ox} x[b, oy + ky − top, ox + kx − left, ci] · dy[b, oy, ox, co] (zero
 * outside the image), stride 1, NHWC; float32 in, float64 sums, float32 out. `out` is written whole.
 * Throws if the arrays' sizes do not match the shape.
 */
export function filterGradientSimd(x: Float32Array, dy: Float32Array, out: Float32Array, s: FilterGradientShape): void {
  const k = instance();
  const xFloats = s.H * s.W * s.Ci;
  const dyFloats = s.Ho * s.Wo * s.Co;
  const outFloats = s.kh * s.kw * s.Ci * s.Co;
  if (x.length !== s.B * xFloats || dy.length !== s.B * dyFloats || out.length !== outFloats) throw new Error('filterGradientSimd: array sizes do not match the shape');
  const helpers = k.helpers?.ready ?? 0;
  // Layout: one float64 dW per share (8-byte aligned), then one image of x and of dy.
  const outStride = outFloats * 8;
  const xAt = (helpers + 1) * outStride;
  const dyAt = xAt + xFloats * 4;
  const bytes = dyAt + dyFloats * 4;
  if (bytes > MAX_BYTES) throw new Error(`filterGradientSimd: a ${s.H}×${s.W}×${s.Ci} → ${s.Co} layer needs ${Math.ceil(bytes / 2 ** 20)} MiB, over its ${MAX_BYTES / 2 ** 20} MiB`);
  const pages = Math.ceil((bytes - k.memory.buffer.byteLength) / 65536);
  if (pages > 0) k.memory.grow(pages);
  const heap = k.memory.buffer;
  const shares = new Float64Array(heap, 0, (helpers + 1) * outFloats);
  shares.fill(0);
  const xImage = new Float32Array(heap, xAt, xFloats);
  const dyImage = new Float32Array(heap, dyAt, dyFloats);
  const own = (oy0: number, oy1: number) => k.rows(xAt, dyAt, 0, s.H, s.W, s.Ci, s.Ho, s.Wo, s.Co, s.kh, s.kw, s.top, s.left, oy0, oy1);
  for (let b = 0; b < s.B; b++) {
    xImage.set(x.subarray(b * xFloats, (b + 1) * xFloats));
    dyImage.set(dy.subarray(b * dyFloats, (b + 1) * dyFloats));
    if (helpers > 0 && k.helpers) k.helpers.run({ x: xAt, dy: dyAt, out: 0, outStride, H: s.H, W: s.W, Ci: s.Ci, Ho: s.Ho, Wo: s.Wo, Co: s.Co, kh: s.kh, kw: s.kw, top: s.top, left: s.left }, helpers, own);
    else own(0, s.Ho);
  }
  for (let p = 1; p <= helpers; p++) {
    for (let i = 0, j = p * outFloats; i < outFloats; i++, j++) shares[i] += shares[j];
  }
  out.set(shares.subarray(0, outFloats));
}
