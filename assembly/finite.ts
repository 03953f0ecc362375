/** Which lanes of four float32 are not finite (±∞ or NaN): all ones there, zeros elsewhere. */
@inline export function nonFinite(v: v128): v128 {
  return v128.not(f32x4.lt(f32x4.abs(v), f32x4.splat(Infinity)));
}
