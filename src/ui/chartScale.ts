/**
 * Axis arithmetic for the training charts: "nice" tick values (1, 2 or 5 × 10^k apart) around the
 * data, and tick labels with as many decimals as the step needs and their leading zero kept
 * ("0.074", never ".074"). Pure, so it is unit-tested without a DOM.
 */

export interface Scale {
  readonly lo: number;
  readonly hi: number;
  readonly ticks: readonly number[];
  /** Decimals that tell neighbouring ticks apart. */
  readonly decimals: number;
}

/**
 * Ticks covering [min, max], about `count` of them; a flat series gets a small band around its
 * value. `bounds` keeps the axis inside what the quantity can be (Dice: 0–1, never −0.05).
 */
export function niceScale(min: number, max: number, count = 4, bounds: readonly [number, number] = [-Infinity, Infinity]): Scale {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { lo: 0, hi: 1, ticks: [0, 0.5, 1], decimals: 1 };
  if (max - min < 1e-9) {
    const pad = Math.abs(min) * 0.05 || 0.05;
    [min, max] = [Math.max(bounds[0], min - pad), Math.min(bounds[1], max + pad)];
  }
  const rough = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const lo = Math.max(bounds[0], Math.floor(min / step + 1e-9) * step);
  const hi = Math.min(bounds[1], Math.ceil(max / step - 1e-9) * step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toFixed(decimals)));
  return { lo, hi, ticks, decimals };
}

export function formatTick(value: number, decimals: number): string {
  // toFixed keeps the leading zero; -0 would read oddly.
  return (Object.is(value, -0) ? 0 : value).toFixed(decimals);
}

/** About `count` whole-number x ticks from 1 to n (batches or epochs count from 1). */
export function countTicks(n: number, count = 5): number[] {
  if (n <= 1) return [1];
  const step = Math.max(1, niceScale(1, n, count).ticks[1] - niceScale(1, n, count).ticks[0]);
  const out = [1];
  for (let v = step; v <= n; v += step) if (v > 1) out.push(v);
  if (out.at(-1) !== n && n - (out.at(-1) ?? 0) >= step / 2) out.push(n);
  return out;
}
