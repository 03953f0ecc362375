/**
 * Helper threads for our SIMD kernels: workers that instantiate the same module on the same shared
 * WebAssembly memory and each compute a share of an image's output rows (the convolution writes
 * disjoint rows of one output; the filter gradient sums into a float64 buffer per share), so that
 * our kernels use every core as XNNPACK's do. A TF.js kernel is synchronous, so a job is handed
 * over through a shared control block and awaited with Atomics: the caller takes chunks of rows as
 * the helpers do (its own into share 0), then waits (Atomics.wait in a worker or Node; a spin on a
 * browser page's own thread, where waiting is not allowed). Workers come from a blob: URL in the
 * browser (allowed by the app's CSP, as for TF.js's own threads) and from node:worker_threads in
 * Node; until every helper has started, and wherever one cannot, the caller works alone.
 */

/** Control block (Int32Array over a SharedArrayBuffer): indices. */
const GEN = 0;
const DONE = 1;
const READY = 2;
const PARTS = 3;
const FAILED = 4;
/** Which export runs (an index into KERNELS), how many arguments precede its oy0 and oy1, how many rows. */
const KIND = 5;
const NARGS = 6;
const ROWS = 7;
/** The argument that moves by SHARE_STRIDE bytes per share (a per-share output), or −1. */
const SHARE_ARG = 8;
const SHARE_STRIDE = 9;
/** Rows per chunk, and the next chunk to take (every thread takes chunks until none is left). */
const CHUNK = 10;
const NEXT = 11;
/** The export's arguments from here. */
const ARGS = 12;
const MAX_ARGS = 20;
const CONTROL_INTS = ARGS + MAX_ARGS;
/** Room for the first failing helper's message (UTF-8, zero-padded). */
const ERROR_BYTES = 200;
/** A job that makes no progress for this long means a helper died: give up rather than hang. */
const STALL_MS = 60_000;

/** The module's exports a job may name; each takes (…, oy0, oy1) last. */
const KERNELS = ['filterGradientRows', 'conv2dRows', 'winogradRows'] as const;
export type RowsKernel = (typeof KERNELS)[number];

/** The helper's code: plain JavaScript, the same text for a browser worker and a Node one. */
const WORKER_SOURCE = `'use strict';
var node = typeof require === 'function';
function start(d) {
  var c = d.control, part = d.part;
  var exports = new WebAssembly.Instance(d.module, { env: { memory: d.memory } }).exports;
  var kernels = ${JSON.stringify(KERNELS)}.map(function (name) { return exports[name]; });
  var seen = Atomics.load(c, ${GEN});
  Atomics.add(c, ${READY}, 1);
  Atomics.notify(c, ${READY});
  for (;;) {
    Atomics.wait(c, ${GEN}, seen);
    seen = Atomics.load(c, ${GEN});
    var parts = c[${PARTS}], rows = c[${ROWS}], chunk = c[${CHUNK}], n = c[${NARGS}], share = c[${SHARE_ARG}];
    try {
      if (part < parts) {
        var a = Array.prototype.slice.call(c, ${ARGS}, ${ARGS} + n);
        if (share >= 0) a[share] += part * c[${SHARE_STRIDE}];
        var run = kernels[c[${KIND}]];
        for (var oy0 = Atomics.add(c, ${NEXT}, 1) * chunk; oy0 < rows; oy0 = Atomics.add(c, ${NEXT}, 1) * chunk) {
          a[n] = oy0;
          a[n + 1] = Math.min(rows, oy0 + chunk);
          run.apply(null, a);
        }
      }
    } catch (e) {
      // The first failure's message, for the caller's error (one thread writes it: FAILED 0 → 1).
      if (Atomics.compareExchange(c, ${FAILED}, 0, 1) === 0) {
        var text = new TextEncoder().encode(String(e && e.message || e)).subarray(0, ${ERROR_BYTES});
        d.error.fill(0);
        d.error.set(text);
      }
    }
    Atomics.add(c, ${DONE}, 1);
    Atomics.notify(c, ${DONE});
  }
}
if (node) require('node:worker_threads').parentPort.once('message', start);
else self.onmessage = function (e) { start(e.data); };
`;

/** One image's job: an export of the module, its arguments before (oy0, oy1), and the rows to split. */
export interface RowsJob {
  readonly kernel: RowsKernel;
  /** The arguments before oy0 and oy1 (byte addresses and sizes, 32-bit integers). */
  readonly args: readonly number[];
  readonly rows: number;
  /** Index in args of an address that moves by shareStride bytes per share (share p's output), if any. */
  readonly shareArg?: number;
  readonly shareStride?: number;
}

interface NodeWorker {
  postMessage(value: unknown): void;
  terminate(): unknown;
  on(event: 'error', listener: (e: unknown) => void): void;
  unref(): void;
}
type NodeWorkerThreads = { Worker: new (source: string, options: { eval: true }) => NodeWorker };

type Helper = { postMessage(value: unknown): void; terminate(): unknown };

function spawn(onError: () => void): Helper | null {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } }).process?.getBuiltinModule;
  if (typeof Worker === 'function') {
    const url = URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
    const worker = new Worker(url);
    worker.onerror = onError; // a CSP that forbids blob: workers, a failed start
    return worker;
  }
  if (getBuiltin) {
    const { Worker: NodeWorkerClass } = getBuiltin('node:worker_threads') as NodeWorkerThreads;
    const worker = new NodeWorkerClass(WORKER_SOURCE, { eval: true });
    // Without a listener a helper's exception would end the whole process.
    worker.on('error', onError);
    worker.unref(); // a helper blocked in Atomics.wait must not keep a command line alive
    return worker;
  }
  return null;
}

export class HelperThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
  private readonly error = new Uint8Array(new SharedArrayBuffer(ERROR_BYTES));
  private readonly count: number;
  private readonly workers: Helper[] = [];
  private canBlock = true;
  /** Set when a helper failed to start, threw or stalled: from then on the caller works alone. */
  private broken = false;

  /** Starts `count` helpers on `module` (the shared-memory build) and `memory`; they report ready asynchronously. */
  constructor(module: WebAssembly.Module, memory: WebAssembly.Memory, count: number) {
    let started = 0;
    for (let part = 1; part <= count; part++) {
      try {
        const worker = spawn(() => (this.broken = true));
        if (!worker) break;
        worker.postMessage({ module, memory, control: this.control, error: this.error, part });
        this.workers.push(worker);
        started++;
      } catch {
        break; // a page whose CSP forbids blob: workers, say: the caller works alone
      }
    }
    this.count = started;
  }

  /** Helpers that can take a share now: all of them once every one has started, else none. */
  get ready(): number {
    return !this.broken && this.count > 0 && Atomics.load(this.control, READY) === this.count ? this.count : 0;
  }

  /** Stops the helpers (kernels made for another memory, or another thread count, replace them). */
  terminate(): void {
    this.broken = true;
    for (const worker of this.workers.splice(0)) void worker.terminate();
  }

  /** Whether the helpers can no longer be used (one failed or stalled). */
  get failed(): boolean {
    return this.broken;
  }

  /**
   * Runs one image's rows on this thread (`own`, share 0) and `helpers` helpers (what `ready` said
   * when the caller laid out memory for the shares; helper p is share p), in chunks of a few rows
   * that each thread takes in turn until none is left: a thread slowed by other work on its core
   * takes fewer, where a fixed split would wait for it. Returns when all are done; throws if a
   * helper failed or stalled.
   */
  run(job: RowsJob, helpers: number, own: (oy0: number, oy1: number) => void): void {
    if (helpers < 1 || helpers > this.ready) throw new Error(`SIMD kernels: ${helpers} helper threads asked for, ${this.ready} ready`);
    if (job.args.length > MAX_ARGS) throw new Error(`SIMD kernels: ${job.kernel} takes at most ${MAX_ARGS} arguments here`);
    const parts = helpers + 1;
    const c = this.control;
    c.set(job.args, ARGS);
    c[KIND] = KERNELS.indexOf(job.kernel);
    c[NARGS] = job.args.length;
    c[ROWS] = job.rows;
    c[SHARE_ARG] = job.shareArg ?? -1;
    c[SHARE_STRIDE] = job.shareStride ?? 0;
    // About four chunks per thread: enough to even out, few enough that each is long.
    const chunk = Math.max(1, Math.ceil(job.rows / (4 * parts)));
    c[CHUNK] = chunk;
    c[NEXT] = 0;
    c[PARTS] = parts;
    Atomics.store(c, DONE, 0);
    Atomics.store(c, FAILED, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    // Any way out but a clean finish retires the helpers for good: a late answer from an abandoned
    // job must never count toward a later one.
    let clean = false;
    try {
      for (let oy0 = Atomics.add(c, NEXT, 1) * chunk; oy0 < job.rows; oy0 = Atomics.add(c, NEXT, 1) * chunk) own(oy0, Math.min(job.rows, oy0 + chunk));
      let last = Atomics.load(c, DONE);
      let progress = Date.now();
      // Every started helper answers every job (those beyond `parts` with nothing to do).
      for (let done = last; done < this.count; done = Atomics.load(c, DONE)) {
        if (done !== last) [last, progress] = [done, Date.now()];
        if (Date.now() - progress > STALL_MS) throw new Error(`SIMD kernels: a helper thread made no progress for ${STALL_MS / 1000} s`);
        if (this.canBlock) {
          try {
            Atomics.wait(c, DONE, done, 100);
          } catch {
            this.canBlock = false; // a browser page's own thread may not wait: spin instead
          }
        }
      }
      if (Atomics.load(c, FAILED)) {
        const cause = new TextDecoder().decode(this.error.slice()).replace(/\0+$/, '');
        throw new Error(`SIMD kernels: a helper thread failed (${cause || 'no message'})`);
      }
      clean = true;
    } finally {
      if (!clean) this.broken = true;
    }
  }
}
