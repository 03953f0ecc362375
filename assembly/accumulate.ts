/** Float64 totals of float32 register sums, shared by the kernels that sum long reductions. */

/** out[0…3] (float64 at byte address p) += the four float32 lanes of v. */
@inline export function addTo(p: usize, v: v128): void {
  v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
  v128.store(p, f64x2.add(v128.load(p, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
}
