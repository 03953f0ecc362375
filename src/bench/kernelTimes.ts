/**
 * Per-kernel wall time on a synchronous backend (WASM, CPU): every kernel registered for the
 * backend is wrapped so that its top-level calls are timed with performance.now(). Calls one of
 * our kernels makes to another (runWasmKernel) count in the caller only, so the totals add up to
 * the time spent in kernels. Used by `npm run profile` to say where a predict or a step goes.
 */
import * as tf from '@tensorflow/tfjs';

export interface KernelTime {
  readonly name: string;
  readonly calls: number;
  readonly ms: number;
}

export interface KernelTimer {
  /** Clears the totals. */
  reset(): void;
  /** Totals since the last reset, largest first. */
  totals(): KernelTime[];
}

/** Wraps every kernel of `backendName` (installed once per page; later registrations are not seen); `byShape` keeps one total per kernel and input shapes. */
export function timeKernels(backendName: string, byShape = false): KernelTimer {
  const totals = new Map<string, { calls: number; ms: number }>();
  let depth = 0;
  for (const config of tf.getKernelsForBackend(backendName)) {
    const { kernelName, kernelFunc, setupFunc, disposeFunc } = config;
    tf.unregisterKernel(kernelName, backendName);
    tf.registerKernel({
      kernelName,
      backendName,
      setupFunc,
      disposeFunc,
      kernelFunc: (args) => {
        depth++;
        const start = performance.now();
        try {
          return kernelFunc(args);
        } finally {
          depth--;
          if (depth === 0) {
            const key = byShape ? `${kernelName} ${Object.values(args.inputs).map((i) => (i as tf.TensorInfo | undefined)?.shape.join('×') ?? '-').join(' ')}` : kernelName;
            const t = totals.get(key) ?? { calls: 0, ms: 0 };
            t.calls++;
            t.ms += performance.now() - start;
            totals.set(key, t);
          }
        }
      },
    });
  }
  return {
    reset: () => totals.clear(),
    totals: () => [...totals].map(([name, t]) => ({ name, ...t })).sort((a, b) => b.ms - a.ms),
  };
}
