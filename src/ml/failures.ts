/** Turns backend failures into one line a user can act on. */

/**
 * Whether a message says the WASM heap ran out: ours ("out of WASM memory", kernels/wasm/heap.ts)
 * or what TF.js's own kernels give when their allocation came back empty and they wrote through it.
 */
export function isWasmOutOfMemory(message: string): boolean {
  return /out of WASM memory|memory access out of bounds/i.test(message);
}

export function describeFailure(error: unknown, during: string): string {
  const message = error instanceof Error ? error.message : String(error);
  // Before the GPU's: a CPU-only machine must not be told its GPU ran out.
  if (isWasmOutOfMemory(message)) {
    return `WASM ran out of memory while ${during} (its heap holds at most 4 GB): use fewer or smaller images, or a smaller batch. (${message})`;
  }
  if (/out of memory|OOM|allocation|createBuffer|exceeds the max/i.test(message)) {
    return `The GPU ran out of memory while ${during}. Close other GPU-heavy tabs, or reload with ?backend=wasm to use the CPU. (${message})`;
  }
  if (/device (was )?lost|context lost|CONTEXT_LOST/i.test(message)) {
    return `The GPU device was lost while ${during}; reload the page to start it again. (${message})`;
  }
  return `Failed while ${during}: ${message}`;
}
