/** Backend names, free of TF.js imports so the UI bundle can parse `?backend=` without loading TF.js. */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** Tried in this order unless one is forced. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm'];

export function isBackendName(value: unknown): value is BackendName {
  return value === 'webgpu' || value === 'webgl' || value === 'wasm' || value === 'cpu';
}

export interface BackendChoice {
  readonly name: BackendName;
  /** Backends tried before this one, each with the reason it was not used. */
  readonly skipped: ReadonlyArray<{ readonly name: BackendName; readonly reason: string }>;
  /** Adapter or renderer, when the platform says (e.g. "google / swiftshader"). */
  readonly adapter: string | null;
  /** The device limits that bound model and batch size, in words (e.g. "max buffer 256 MiB"). */
  readonly limits?: string | null;
  readonly forced: boolean;
}
