/** Turns backend failures into one line a user can act on. */

export function describeFailure(error: unknown, during: string): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/out of memory|OOM|allocation|createBuffer|exceeds the max/i.test(message)) {
    return `The GPU ran out of memory while ${during}. Close other GPU-heavy tabs, or reload with ?backend=wasm to use the CPU. (${message})`;
  }
  if (/device (was )?lost|context lost|CONTEXT_LOST/i.test(message)) {
    return `The GPU device was lost while ${during}; reload the page to start it again. (${message})`;
  }
  return `Failed while ${during}: ${message}`;
}
