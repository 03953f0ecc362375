/** One benchmark measurement, and the readable table the runners print. */

export type BenchOp = 'predict' | 'predict_unfolded' | 'train_step' | 'filter_grad';

export interface BenchRow {
  readonly backend: string;
  readonly adapter: string | null;
  readonly model: string;
  readonly params: number;
  /** predict: what the app runs (inferenceNetwork.ts: BatchNorm folded, up-convolutions fused); predict_unfolded: model.predict of a model the network rewrites; train_step: one Adam step on BCE + Dice; filter_grad: every Conv2DBackpropFilter of one step. */
  readonly op: BenchOp;
  /** Which kernels ran: TF.js's own or ours (WebGPU, WASM; WASM's stock set keeps our filter gradient). */
  readonly kernel: 'stock' | 'custom';
  readonly batch: number;
  readonly runs: number;
  /** The first call on a fresh model or kernel set: shader compilation included. */
  readonly first_run_ms: number;
  readonly median_ms: number;
  readonly min_ms: number;
  readonly images_per_s: number;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (v: number) => Math.round(v * 10) / 10;

export function formatTable(rows: readonly BenchRow[]): string {
  const lines = [
    '| backend | adapter | model | op | batch | kernel | first (ms) | median (ms) | min (ms) | images/s | custom speed-up |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const stock = r.kernel === 'custom' ? rows.find((s) => s.kernel === 'stock' && s.backend === r.backend && s.model === r.model && s.op === r.op && s.batch === r.batch) : undefined;
    const speedUp = stock ? `${round(stock.median_ms / r.median_ms)}×` : '';
    lines.push(`| ${r.backend} | ${r.adapter ?? ''} | ${r.model} | ${r.op} | ${r.batch} | ${r.kernel} | ${round(r.first_run_ms)} | ${round(r.median_ms)} | ${round(r.min_ms)} | ${round(r.images_per_s)} | ${speedUp} |`);
  }
  return lines.join('\n');
}
