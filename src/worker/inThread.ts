/**
 * The engine (or any worker API) in the calling thread, behind the same boundary as the real
 * worker: every argument and result passes through `structuredClone`, and so does every
 * argument of a callback, as Comlink does. Tests of the store use it, so what works there
 * works across the worker boundary too (a region that comes back is a copy, not the same object).
 */
import { createEngine } from './engine';
import { type EngineApi, type EngineService, type Remote } from './engineApi';

const crossArgument = (value: unknown): unknown =>
  typeof value === 'function' ? (...args: unknown[]) => (value as (...a: unknown[]) => unknown)(...args.map((a) => structuredClone(a))) : structuredClone(value);

/** `api` as another thread would see it: async calls on copies, callbacks called with copies. */
export function acrossClone<T extends object>(api: T): Remote<T> {
  const remote: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(api)) {
    if (typeof method !== 'function') continue;
    remote[name] = async (...args: unknown[]) => structuredClone(await (method as (...a: unknown[]) => unknown).apply(api, args.map(crossArgument)));
  }
  return remote as Remote<T>;
}

/** A fresh engine in this thread, called as the page calls the worker's. */
export function inThreadEngine(engine: EngineApi = createEngine()): EngineService {
  return acrossClone(engine);
}
