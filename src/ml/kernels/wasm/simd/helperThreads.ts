/**
 * Helper threads for the SIMD filter gradient: workers that instantiate the same kernel on the same
 * shared WebAssembly memory and each sum a share of an image's output rows into their own float64
 * buffer, so that the filter gradient uses every core as XNNPACK's kernels do. A TF.js kernel is
 * synchronous, so a job is handed over through a shared control block and awaited with Atomics:
 * the caller computes share 0 itself and waits (Atomics.wait in a worker or Node; a spin on a
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
/** filterGradientRows' arguments from here: x, dy, out, outStride (bytes per share), H, W, Ci, Ho, Wo, Co, kh, kw, top, left. */
const ARGS = 5;
const CONTROL_INTS = ARGS + 14;
/** A job that makes no progress for this long means a helper died: give up rather than hang. */
const STALL_MS = 60_000;

/** The helper's code: plain JavaScript, the same text for a browser worker and a Node one. */
const WORKER_SOURCE = `'use strict';
var node = typeof require === 'function';
function start(d) {
  var c = d.control, part = d.part;
  var run = new WebAssembly.Instance(d.module, { env: { memory: d.memory, abort: function () { throw new Error('filterGradient.wasm aborted'); } } }).exports.filterGradientRows;
  var seen = Atomics.load(c, ${GEN});
  Atomics.add(c, ${READY}, 1);
  Atomics.notify(c, ${READY});
  for (;;) {
    Atomics.wait(c, ${GEN}, seen);
    seen = Atomics.load(c, ${GEN});
    var parts = c[${PARTS}], a = ${ARGS};
    try {
      var Ho = c[a + 7], oy0 = Math.floor((Ho * part) / parts), oy1 = Math.floor((Ho * (part + 1)) / parts);
      if (part < parts) run(c[a], c[a + 1], c[a + 2] + part * c[a + 3], c[a + 4], c[a + 5], c[a + 6], Ho, c[a + 8], c[a + 9], c[a + 10], c[a + 11], c[a + 12], c[a + 13], oy0, oy1);
    } catch (e) {
      Atomics.store(c, ${FAILED}, 1);
    }
    Atomics.add(c, ${DONE}, 1);
    Atomics.notify(c, ${DONE});
  }
}
if (node) require('node:worker_threads').parentPort.once('message', start);
else self.onmessage = function (e) { start(e.data); };
`;

/** filterGradientRows' geometry for one image (see assembly/filterGradient.ts). */
export interface RowsJob {
  readonly x: number;
  readonly dy: number;
  /** Byte address of share 0's float64 dW; share p's is out + p·outStride. */
  readonly out: number;
  readonly outStride: number;
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

interface NodeWorker {
  postMessage(value: unknown): void;
  on(event: 'error', listener: (e: unknown) => void): void;
  unref(): void;
}
type NodeWorkerThreads = { Worker: new (source: string, options: { eval: true }) => NodeWorker };

function spawn(onError: () => void): { postMessage(value: unknown): void } | null {
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
  private readonly count: number;
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
        worker.postMessage({ module, memory, control: this.control, part });
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

  /** Whether the helpers can no longer be used (one failed or stalled). */
  get failed(): boolean {
    return this.broken;
  }

  /**
   * Splits one image's rows into helpers + 1 shares (helpers: what `ready` said when the caller laid
   * out memory for the shares): share 0 by `own` (on this thread), shares 1…helpers by the helpers;
   * returns when all are done. Throws if a helper failed or stalled.
   */
  run(job: RowsJob, helpers: number, own: (oy0: number, oy1: number) => void): void {
    if (helpers < 1 || helpers > this.ready) throw new Error(`filter gradient: ${helpers} helper threads asked for, ${this.ready} ready`);
    const parts = helpers + 1;
    const c = this.control;
    const args = [job.x, job.dy, job.out, job.outStride, job.H, job.W, job.Ci, job.Ho, job.Wo, job.Co, job.kh, job.kw, job.top, job.left];
    c.set(args, ARGS);
    c[PARTS] = parts;
    Atomics.store(c, DONE, 0);
    Atomics.store(c, FAILED, 0);
    Atomics.add(c, GEN, 1);
    Atomics.notify(c, GEN);
    // Any way out but a clean finish retires the helpers for good: a late answer from an abandoned
    // job must never count toward a later one.
    let clean = false;
    try {
      own(0, Math.floor(job.Ho / parts));
      let last = Atomics.load(c, DONE);
      let progress = Date.now();
      // Every started helper answers every job (those beyond `parts` with nothing to do).
      for (let done = last; done < this.count; done = Atomics.load(c, DONE)) {
        if (done !== last) [last, progress] = [done, Date.now()];
        if (Date.now() - progress > STALL_MS) throw new Error(`filter gradient: a helper thread made no progress for ${STALL_MS / 1000} s`);
        if (this.canBlock) {
          try {
            Atomics.wait(c, DONE, done, 100);
          } catch {
            this.canBlock = false; // a browser page's own thread may not wait: spin instead
          }
        }
      }
      if (Atomics.load(c, FAILED)) throw new Error('filter gradient: a helper thread failed');
      clean = true;
    } finally {
      if (!clean) this.broken = true;
    }
  }
}
