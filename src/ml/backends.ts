/**
 * Chooses the TF.js backend: WebGPU, else WebGL, else WASM, and records why each one that was
 * skipped could not be used, so the page can say so.
 *
 * A GPU API that is only emulated on the CPU (SwiftShader, llvmpipe, WARP: what GPU-less virtual
 * desktops get) is skipped in automatic mode, because WASM is far faster there (measured 18× vs
 * software WebGL, 63× vs software WebGPU for the bundled model). Such renderers are still used
 * when nothing else works, and whenever `?backend=` asks for them.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
// Our faster WebGPU training kernels replace the stock ones wherever a backend is chosen.
import './kernels/webgpu/register';
// WASM trains too: our Conv2DBackpropFilter (TF.js has none) and a faster Conv2DBackpropInput.
import './kernels/wasm/register';
import { asWasm, heapMemory } from './kernels/wasm/heap';
import { simdSupported, simdThreads, startSimdThreads } from './kernels/wasm/simd/simdKernels';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { BACKEND_ORDER, type BackendChoice, type BackendName } from '../model/backendNames';


export interface BackendOptions {
  /** Use exactly this backend (from `?backend=`); failing it is an error, not a fallback. */
  readonly forced?: BackendName | null;
  /** Where the WASM binaries are served (the bundler's URLs); omitted under Node. */
  readonly wasmPaths?: Record<string, string> | string;
  /** WASM threads to ask for (benchmarks compare 1 with all); default: every core when isolated. */
  readonly wasmThreads?: number;
  /** Backends not to try (e.g. one whose device was just lost). */
  readonly skip?: readonly BackendName[];
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|lavapipe|softpipe|software|basic render|warp/i;

export function isSoftwareRenderer(description: string | null): boolean {
  return description !== null && SOFTWARE_RENDERER.test(description);
}

const MIB = 2 ** 20;

async function webgpuAdapter(): Promise<{ adapter: string | null; software: boolean; limits: string | null } | string> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return 'WebGPU is not available in this browser (navigator.gpu is missing)';
  const adapter = await gpu.requestAdapter();
  if (!adapter) return 'WebGPU found no usable GPU adapter';
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ') || null;
  const l = adapter.limits;
  const limits = `max buffer ${Math.round(l.maxBufferSize / MIB)} MiB, max storage binding ${Math.round(l.maxStorageBufferBindingSize / MIB)} MiB, workgroup ≤ ${l.maxComputeInvocationsPerWorkgroup} invocations`;
  return { adapter: description, software: Boolean(info.isFallbackAdapter) || isSoftwareRenderer(description), limits };
}

function webglRenderer(): { adapter: string | null; software: boolean; limits: string | null } | string {
  if (typeof OffscreenCanvas === 'undefined') return 'WebGL needs OffscreenCanvas, which is missing here';
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return 'WebGL 2 is not available';
  // The unmasked renderer names the real GPU (or SwiftShader); RENDERER alone says "WebKit WebGL".
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  const limits = `max texture ${gl.getParameter(gl.MAX_TEXTURE_SIZE)} px`;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { adapter: renderer, software: isSoftwareRenderer(renderer), limits };
}

/** What the platform offers for a backend: an adapter description, or why it cannot run. */
async function probe(name: BackendName): Promise<{ adapter: string | null; software: boolean; limits: string | null } | string> {
  if (name === 'webgpu') return webgpuAdapter();
  if (name === 'webgl') return webglRenderer();
  return { adapter: null, software: false, limits: null };
}

/**
 * Threads for XNNPACK: every logical core when the page is cross-origin isolated (the only way a
 * browser gives WASM shared memory). TF.js's own default is half the cores, which leaves a 2-vCPU
 * virtual desktop — the typical hospital machine without a GPU — on one thread.
 */
function wasmThreads(): number {
  const scope = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
  return scope.crossOriginIsolated ? Math.max(1, scope.navigator?.hardwareConcurrency ?? 1) : 1;
}

/**
 * Runs `f` while `navigator.hardwareConcurrency` reports `cores`. TF.js 4.22's WASM binary caps its
 * thread pool at half the logical cores it is told of (tfjs#8513: setThreadsCount cannot go above
 * it), so a 2-vCPU machine gets one thread; told twice the real count while the backend starts, it
 * makes the pool `setThreadsCount` asks for. Measured here: predict b1 0.25 → 0.17 s with 2 threads.
 */
async function withCoresReported<T>(cores: number, f: () => Promise<T>): Promise<T> {
  const nav = (globalThis as { navigator?: object }).navigator;
  if (!nav || cores <= 1) return f();
  Object.defineProperty(nav, 'hardwareConcurrency', { configurable: true, get: () => cores });
  try {
    return await f();
  } finally {
    delete (nav as { hardwareConcurrency?: number }).hardwareConcurrency;
  }
}

/** Threads the WASM backend runs on (TF.js's pool, this thread included): 1 in Node, whose build is single-threaded. */
export function wasmThreadCount(): number {
  return getThreadsCount();
}

/** What the diagnostics say of WASM's threads. */
function wasmThreadsNote(): string {
  const threads = getThreadsCount();
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (threads > 1) return `${threads} threads (${simdSupported() ? `our SIMD convolutions: ${simdThreads()}` : 'no WebAssembly SIMD here: TF.js’s own kernels'})`;
  return isolated === false ? '1 thread (the page is not cross-origin isolated, so WASM cannot share memory between threads)' : '1 thread';
}

async function initialise(name: BackendName, options: BackendOptions, software: boolean): Promise<string | null> {
  if (name === 'wasm') {
    if (options.wasmPaths) setWasmPaths(options.wasmPaths);
    setThreadsCount(options.wasmThreads ?? wasmThreads());
  }
  // TF.js refuses software WebGL unless told otherwise; by the time we get here it was chosen.
  if (name === 'webgl' && software) tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
  try {
    const ok = await (name === 'wasm' ? withCoresReported(2 * (options.wasmThreads ?? wasmThreads()), () => tf.setBackend(name)) : tf.setBackend(name));
    if (!ok) return `${name} failed to initialise`;
    await tf.ready();
    // A backend can initialise and still fail its first kernel (lost context, missing features).
    tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1))).dispose();
    if (name === 'wasm' && simdSupported()) await startSimdThreads(heapMemory(asWasm(tf.backend())));
    return null;
  } catch (e) {
    return `${name} failed: ${(e as Error).message}`;
  }
}

export async function chooseBackend(options: BackendOptions = {}): Promise<BackendChoice> {
  const forced = options.forced ?? null;
  const skipped: Array<{ name: BackendName; reason: string }> = [];
  const softwareOnly: Array<{ name: BackendName; adapter: string | null; limits: string | null }> = [];
  for (const name of forced ? [forced] : BACKEND_ORDER.filter((b) => !options.skip?.includes(b))) {
    const found = await probe(name);
    if (typeof found === 'string') {
      skipped.push({ name, reason: found });
      continue;
    }
    if (found.software && !forced) {
      softwareOnly.push({ name, adapter: found.adapter, limits: found.limits });
      skipped.push({ name, reason: `only a software renderer is available (${found.adapter}), which is much slower than WASM on this CPU` });
      continue;
    }
    const failure = await initialise(name, options, found.software);
    if (failure === null) return { name, skipped, adapter: found.adapter, limits: name === 'wasm' ? wasmThreadsNote() : found.limits, forced: forced !== null };
    skipped.push({ name, reason: failure });
  }
  // Nothing faster worked: a software GPU still beats giving up.
  for (const { name, adapter, limits } of softwareOnly) {
    if ((await initialise(name, options, true)) === null) {
      return { name, skipped: skipped.filter((s) => s.name !== name), adapter, limits, forced: false };
    }
  }
  const detail = skipped.map((s) => s.reason).join('; ');
  throw new Error(forced ? `The requested backend is unavailable: ${detail}` : `No TF.js backend works here: ${detail}`);
}

/** Live tensor count, for leak checks in tests and the diagnostics line. */
export function liveTensorCount(): number {
  return tf.memory().numTensors;
}

/** tf.memory() as plain numbers (GPU bytes where the backend reports them). */
export function memoryInfo(): { numTensors: number; numBytes: number; numBytesInGPU: number | null } {
  const m = tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number };
  return { numTensors: m.numTensors, numBytes: m.numBytes, numBytesInGPU: typeof m.numBytesInGPU === 'number' ? m.numBytesInGPU : null };
}
