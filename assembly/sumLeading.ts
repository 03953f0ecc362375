/**
 * Sum over the leading axes of a float32 tensor as WebAssembly SIMD code: x seen as [rows, width],
 *
 *   acc[c] += Σ_r x[r, c]      (acc float64, accumulated into: zero it first)
 *
 * for a bias's and a BatchNorm's gradient ([B, H, W, C] summed over B, H and W). Blocks of 64 rows
 * are summed in four-lane float32 registers and each block's sums added to the float64 totals, so
 * the inner loop stays in registers and only a block's worth of float32 rounding remains: a
 * 262 144-row sum of values in ±1 is within ~2e-6 of float64, relative to the sum.
 */
import { addTo } from './accumulate';


const BLOCK = 64;

export function sumLeadingRows(x: usize, acc: usize, rows: i32, width: i32): void {
  const w4 = width & ~3;
  const rowBytes = <usize>width << 2;
  for (let r0 = 0; r0 < rows; r0 += BLOCK) {
    const n = min(BLOCK, rows - r0);
    const block = x + <usize>r0 * rowBytes;
    let c = 0;
    for (; c < w4; c += 4) {
      let s = f32x4.splat(0);
      let p = block + (<usize>c << 2);
      for (let r = 0; r < n; r++) {
        s = f32x4.add(s, v128.load(p));
        p += rowBytes;
      }
      addTo(acc + (<usize>c << 3), s);
    }
    for (; c < width; c++) {
      let s: f32 = 0;
      let p = block + (<usize>c << 2);
      for (let r = 0; r < n; r++) {
        s += load<f32>(p);
        p += rowBytes;
      }
      store<f64>(acc + (<usize>c << 3), load<f64>(acc + (<usize>c << 3)) + <f64>s);
    }
  }
}
