/**
 * Chooses the TF.js backend: WebGPU, else WebGL, else WASM (CPU only when asked for), and
 * records why each one that was skipped could not be used, so the page can say so.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { BACKEND_ORDER, type BackendName } from './backendNames';

export { BACKEND_ORDER, isBackendName, type BackendName } from './backendNames';

export interface BackendChoice {
  readonly name: BackendName;
  /** Backends tried before this one, each with the reason it was not used. */
  readonly skipped: ReadonlyArray<{ readonly name: BackendName; readonly reason: string }>;
  /** Adapter or renderer, when the platform says (e.g. "google / swiftshader"). */
  readonly adapter: string | null;
  readonly forced: boolean;
}

export interface BackendOptions {
  /** Use exactly this backend (from `?backend=`); failing it is an error, not a fallback. */
  readonly forced?: BackendName | null;
  /** Where the WASM binaries are served (the bundler's URLs); omitted under Node. */
  readonly wasmPaths?: Record<string, string> | string;
}

async function probe(name: BackendName): Promise<string | null> {
  if (name === 'webgpu') {
    const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
    if (!gpu) return 'WebGPU is not available in this browser (navigator.gpu is missing)';
    const adapter = await gpu.requestAdapter();
    if (!adapter) return 'WebGPU found no usable GPU adapter';
  }
  return null;
}

async function adapterDescription(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgpu') {
      const adapter = await navigator.gpu.requestAdapter();
      const info = adapter?.info;
      return info ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ') || null : null;
    }
    if (name === 'webgl') {
      const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
      if (!gl) return null;
      // The unmasked renderer names the real GPU (or SwiftShader); RENDERER alone says "WebKit WebGL".
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      return String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    }
  } catch {
    // Adapter details are informational only.
  }
  return null;
}

async function tryBackend(name: BackendName, options: BackendOptions): Promise<string | null> {
  const unavailable = await probe(name);
  if (unavailable) return unavailable;
  if (name === 'wasm' && options.wasmPaths) setWasmPaths(options.wasmPaths);
  if (name === 'webgl' && options.forced === 'webgl') {
    // A machine without a GPU only has software WebGL, which TF.js refuses by default
    // (WASM is faster there); honour an explicit request for it anyway.
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  }
  try {
    const ok = await tf.setBackend(name);
    if (!ok) return `${name} failed to initialise`;
    await tf.ready();
    // A backend can initialise and still fail its first kernel (lost context, missing features).
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1))).dispose();
    return null;
  } catch (e) {
    return `${name} failed: ${(e as Error).message}`;
  }
}

export async function chooseBackend(options: BackendOptions = {}): Promise<BackendChoice> {
  const order = options.forced ? [options.forced] : BACKEND_ORDER;
  const skipped: Array<{ name: BackendName; reason: string }> = [];
  for (const name of order) {
    const reason = await tryBackend(name, options);
    if (reason === null) {
      return { name, skipped, adapter: await adapterDescription(name), forced: Boolean(options.forced) };
    }
    skipped.push({ name, reason });
  }
  const detail = skipped.map((s) => s.reason).join('; ');
  throw new Error(options.forced ? `The requested backend is unavailable: ${detail}` : `No TF.js backend works here: ${detail}`);
}

/** Live tensor count, for leak checks in tests and the diagnostics line. */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}
