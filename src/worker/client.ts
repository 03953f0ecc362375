/**
 * Main-thread handles on the workers. Module workers are in every browser with WebGPU or
 * WebGL2, so there is no in-thread fallback: a browser without them cannot run the app anyway.
 */
import * as Comlink from 'comlink';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { type DecoderApi, type EngineApi } from './engineApi';

export type EngineClient = Comlink.Remote<EngineApi>;
export type DecoderClient = Comlink.Remote<DecoderApi>;

/** Absolute URLs of the WASM binaries as the build emitted them (relative to this script). */
export function wasmPaths(): Record<string, string> {
  const abs = (u: string) => new URL(u, import.meta.url).href;
  return {
    'tfjs-backend-wasm.wasm': abs(wasmPlain),
    'tfjs-backend-wasm-simd.wasm': abs(wasmSimd),
    'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreaded),
  };
}

export function createEngine(): { engine: EngineClient; terminate: () => void } {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  return { engine: Comlink.wrap<EngineApi>(worker), terminate: () => worker.terminate() };
}

export function createDecoder(): { decoder: DecoderClient; terminate: () => void } {
  const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'decoder' });
  return { decoder: Comlink.wrap<DecoderApi>(worker), terminate: () => worker.terminate() };
}

export { Comlink };
