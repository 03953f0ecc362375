/**
 * Main-thread handles on the workers. Module workers are in every browser with WebGPU or
 * WebGL2, so there is no in-thread fallback: a browser without them cannot run the app anyway.
 */
import * as Comlink from 'comlink';
import { type DecoderApi, type EngineApi } from './engineApi';

export type EngineClient = Comlink.Remote<EngineApi>;
export type DecoderClient = Comlink.Remote<DecoderApi>;

export function createEngine(): { engine: EngineClient; terminate: () => void } {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  return { engine: Comlink.wrap<EngineApi>(worker), terminate: () => worker.terminate() };
}

export function createDecoder(): { decoder: DecoderClient; terminate: () => void } {
  const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'decoder' });
  return { decoder: Comlink.wrap<DecoderApi>(worker), terminate: () => worker.terminate() };
}

export { Comlink };
