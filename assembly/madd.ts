/** acc + a·b on four float32 lanes: a multiply then an add, in the order XNNPACK sums. */
@inline export function madd(acc: v128, a: v128, b: v128): v128 {
  return f32x4.add(acc, f32x4.mul(a, b));
}
