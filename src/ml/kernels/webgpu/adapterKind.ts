/**
 * Whether the WebGPU adapter is a real GPU or one emulated on the CPU (SwiftShader, llvmpipe,
 * WARP): our kernels take different shapes for each. Tests and benchmarks can force either.
 */
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

export type AdapterKind = 'gpu' | 'software';

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|warp|software/i;
let forced: AdapterKind | null = null;

/** Forces kernels to treat the adapter as `kind` (null: from the adapter's own description). */
export function forceAdapterKind(kind: AdapterKind | null): void {
  forced = kind;
}

export function adapterKind(backend: WebGPUBackend): AdapterKind {
  if (forced) return forced;
  const info = backend.adapterInfo as unknown as { vendor?: string; architecture?: string } | undefined;
  return SOFTWARE_ADAPTER.test(`${info?.vendor ?? ''} ${info?.architecture ?? ''}`) ? 'software' : 'gpu';
}
