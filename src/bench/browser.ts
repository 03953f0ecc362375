/**
 * The benchmark page's script (bundled by scripts/bench.ts): reads the plan from the query
 * string, starts the requested backend the way the app does, runs the shared harness and hands
 * each row to the Playwright runner through functions it exposes on `window`.
 */
import { chooseBackend } from '../ml/backends';
import { isBackendName } from '../model/backendNames';
import { runBench } from './harness';
import type { BenchRow } from './rows';

interface BenchWindow {
  benchEmit(row: BenchRow): Promise<void>;
  benchDone(error: string | null): Promise<void>;
}

async function main(): Promise<void> {
  const page = window as unknown as Window & BenchWindow;
  const query = new URLSearchParams(location.search);
  const backend = query.get('backend');
  try {
    if (!isBackendName(backend)) throw new Error(`unknown backend "${backend}"`);
    const threads = query.get('threads');
    const choice = await chooseBackend({ forced: backend, wasmPaths: new URL('./', location.href).href, wasmThreads: threads ? Number(threads) : undefined });
    const list = (key: string) => (query.get(key) ?? '').split(',').filter(Boolean);
    await runBench(
      { backend, adapter: (backend === 'wasm' ? choice.limits : choice.adapter) ?? null, models: list('models'), filterModels: list('filterModels'), runs: Number(query.get('runs') ?? '5') },
      (row) => void page.benchEmit(row),
    );
    await page.benchDone(null);
  } catch (error) {
    await page.benchDone(error instanceof Error ? error.message : String(error));
  }
}

void main();
