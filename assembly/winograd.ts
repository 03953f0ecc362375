/**
 * 3×3 convolution, stride 1, by Winograd's minimal filtering F(2×2, 3×3) (Lavin & Gray, "Fast
 * Algorithms for Convolutional Neural Networks", CVPR 2016), with bias and optional ReLU, NHWC:
 *
 *   Y[oy, ox, co] = act(bias[co] + Σ_ky Σ_kx Σ_ci X[oy + ky − top, ox + kx − left, ci] · W[ky, kx, ci, co])
 *
 * Each 2×2 block of outputs (a tile) is Aᵀ [Σ_ci (G g Gᵀ) ⊙ (Bᵀ d B)] A, where d is the tile's 4×4
 * input patch and g the 3×3 filter of one (ci, co). The sum over ci at each of the 16 positions ξ
 * is a matrix product [tiles × Ci] · [Ci × Co], so a tile costs 16·Ci·Co multiply-adds instead of
 * the direct 36·Ci·Co: 2.25× fewer, which is why the U-Net's 3×3 layers (nine tenths of a
 * predict) run here. The transforms' coefficients are 0, ±1 and ±½, so the error stays within a few
 * float32 roundings of the direct sum (checked against float64 in conv2dSimd.test.ts).
 *
 * Layout (byte addresses in the imported memory, TF.js's heap), one image: x [H, W, Ci], w [3, 3,
 * Ci, Co], bias [Co], out [Ho, Wo, Co], all float32; u, the transformed filter (winogradFilter),
 * [16][Co / 8][Ci][8]; scratch, one band's transformed input V [16][T][Ci] then its products M
 * [16][T][Co] (T = bandRows · Tw tiles). Ci a multiple of 4, Co a multiple of 8.
 */
import { pixel, tile4x8 } from './conv2d';
import { nonFinite } from './finite';

/** Bytes added to each position's stride in V and M (one cache line). */
const PAD: usize = 64;
/** Bytes of zeros after M: the products' starting sums (the direct tile starts from a bias). */
const ZEROS: usize = 32;

/**
 * u = G g Gᵀ for every (ci, co), g = w[·, ·, ci, co] (3×3), with G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1],
 * stored as [16][Co / 8][Ci][8] so that one position's block of 8 output channels is read in order.
 */
export function winogradFilter(w: usize, u: usize, Ci: i32, Co: i32): void {
  const tap = (<usize>Ci * Co) << 2; // bytes from one tap of w to the next, and from one ξ of u to the next
  const half = f32x4.splat(0.5);
  for (let ci = 0; ci < Ci; ci++) {
    for (let co = 0; co < Co; co += 4) {
      const g = w + ((<usize>ci * Co + co) << 2);
      // Rows of G g (4 × 3), one column kx at a time.
      const dst = u + ((<usize>((co >> 3) * Ci * 8 + ci * 8 + (co & 7))) << 2);
      for (let kx = 0; kx < 3; kx++) {
        const g0 = v128.load(g + <usize>kx * tap), g1 = v128.load(g + <usize>(3 + kx) * tap), g2 = v128.load(g + <usize>(6 + kx) * tap);
        const t1 = f32x4.mul(half, f32x4.add(f32x4.add(g0, g1), g2));
        const t2 = f32x4.mul(half, f32x4.add(f32x4.sub(g0, g1), g2));
        // Column kx of t = G g, kept in u's column slots 0…2 for now: u[r][kx] = t[r][kx].
        v128.store(dst + <usize>kx * tap, g0);
        v128.store(dst + <usize>(4 + kx) * tap, t1);
        v128.store(dst + <usize>(8 + kx) * tap, t2);
        v128.store(dst + <usize>(12 + kx) * tap, g2);
      }
      // Each row r: (t Gᵀ)[r] = [t0, ½(t0 + t1 + t2), ½(t0 − t1 + t2), t2].
      for (let r = 0; r < 4; r++) {
        const row = dst + <usize>(4 * r) * tap;
        const t0 = v128.load(row), t1 = v128.load(row + tap), t2 = v128.load(row + 2 * tap);
        v128.store(row + tap, f32x4.mul(half, f32x4.add(f32x4.add(t0, t1), t2)));
        v128.store(row + 2 * tap, f32x4.mul(half, f32x4.add(f32x4.sub(t0, t1), t2)));
        v128.store(row + 3 * tap, t2);
      }
    }
  }
}

/** x[y, xx, ci…ci+3], or zeros outside the image (when `checked`). */
@inline function input(x: usize, H: i32, W: i32, Ci: i32, y: i32, xx: i32, ci: i32, checked: bool): v128 {
  if (checked && (y < 0 || y >= H || xx < 0 || xx >= W)) return f32x4.splat(0);
  return v128.load(x + ((<usize>(y * W + xx) * Ci + ci) << 2));
}

/** Row r's e = d[r][a] ± d[r][b] (+ when `sum`), four channels. */
@inline function combine(x: usize, H: i32, W: i32, Ci: i32, y: i32, a: i32, b: i32, ci: i32, sum: bool, checked: bool): v128 {
  const da = input(x, H, W, Ci, y, a, ci, checked), db = input(x, H, W, Ci, y, b, ci, checked);
  return sum ? f32x4.add(da, db) : f32x4.sub(da, db);
}

/**
 * One column of e = d B, from input columns a and b of the patch (rows iy…iy + 3), then Bᵀ down
 * it: V[0] = e0 − e2, V[1] = e1 + e2, V[2] = e2 − e1, V[3] = e1 − e3, stored q bytes apart from p.
 */
@inline function transformColumn(x: usize, H: i32, W: i32, Ci: i32, iy: i32, a: i32, b: i32, ci: i32, sum: bool, p: usize, q: usize, checked: bool): void {
  const e0 = combine(x, H, W, Ci, iy, a, b, ci, sum, checked), e1 = combine(x, H, W, Ci, iy + 1, a, b, ci, sum, checked);
  const e2 = combine(x, H, W, Ci, iy + 2, a, b, ci, sum, checked), e3 = combine(x, H, W, Ci, iy + 3, a, b, ci, sum, checked);
  v128.store(p, f32x4.sub(e0, e2));
  v128.store(p + q, f32x4.add(e1, e2));
  v128.store(p + 2 * q, f32x4.sub(e2, e1));
  v128.store(p + 3 * q, f32x4.sub(e1, e3));
}

/**
 * V[ξ][t][ci…ci+3] = (Bᵀ d B)[ξ] for the 4×4 patch d whose corner is input (iy, ix), with
 * Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]: column by column, e = d B (e[·][0] = d[·][0] − d[·][2],
 * e[·][1] = d[·][1] + d[·][2], e[·][2] = d[·][2] − d[·][1], e[·][3] = d[·][1] − d[·][3]), then Bᵀ e.
 */
@inline function transformInput(x: usize, H: i32, W: i32, Ci: i32, iy: i32, ix: i32, ci: i32, vp: usize, xiStride: usize, checked: bool): void {
  const q = xiStride << 2;
  transformColumn(x, H, W, Ci, iy, ix, ix + 2, ci, false, vp, q, checked);
  transformColumn(x, H, W, Ci, iy, ix + 1, ix + 2, ci, true, vp + xiStride, q, checked);
  transformColumn(x, H, W, Ci, iy, ix + 2, ix + 1, ci, false, vp + 2 * xiStride, q, checked);
  transformColumn(x, H, W, Ci, iy, ix + 1, ix + 3, ci, false, vp + 3 * xiStride, q, checked);
}

/**
 * Output tile (oy, ox) and channels co…co+3 from M: Y = Aᵀ m A + bias with Aᵀ = [1 1 1 0; 0 1 −1 −1],
 * then ReLU if asked; outputs past Ho or Wo (an odd size's last tile) are not written. Returns the
 * lanes that came out ±∞ or NaN (all ones), so that the caller can see them without reading y again.
 */
@inline function transformOutput(mp: usize, xiStride: usize, bias: v128, out: usize, Ho: i32, Wo: i32, Co: i32, oy: i32, ox: i32, relu: bool): v128 {
  // s[r][c] = (Aᵀ m)[r][c], down each column c: s[0] = m[0] + m[1] + m[2], s[1] = m[1] − m[2] − m[3].
  const q = xiStride << 2;
  let p = mp;
  let m0 = v128.load(p), m1 = v128.load(p + q), m2 = v128.load(p + 2 * q), m3 = v128.load(p + 3 * q);
  const s00 = f32x4.add(f32x4.add(m0, m1), m2), s10 = f32x4.sub(f32x4.sub(m1, m2), m3);
  p += xiStride;
  m0 = v128.load(p); m1 = v128.load(p + q); m2 = v128.load(p + 2 * q); m3 = v128.load(p + 3 * q);
  const s01 = f32x4.add(f32x4.add(m0, m1), m2), s11 = f32x4.sub(f32x4.sub(m1, m2), m3);
  p += xiStride;
  m0 = v128.load(p); m1 = v128.load(p + q); m2 = v128.load(p + 2 * q); m3 = v128.load(p + 3 * q);
  const s02 = f32x4.add(f32x4.add(m0, m1), m2), s12 = f32x4.sub(f32x4.sub(m1, m2), m3);
  p += xiStride;
  m0 = v128.load(p); m1 = v128.load(p + q); m2 = v128.load(p + 2 * q); m3 = v128.load(p + 3 * q);
  const s03 = f32x4.add(f32x4.add(m0, m1), m2), s13 = f32x4.sub(f32x4.sub(m1, m2), m3);
  // Y[r] = [s[r][0] + s[r][1] + s[r][2], s[r][1] − s[r][2] − s[r][3]].
  let y00 = f32x4.add(bias, f32x4.add(f32x4.add(s00, s01), s02));
  let y01 = f32x4.add(bias, f32x4.sub(f32x4.sub(s01, s02), s03));
  let y10 = f32x4.add(bias, f32x4.add(f32x4.add(s10, s11), s12));
  let y11 = f32x4.add(bias, f32x4.sub(f32x4.sub(s11, s12), s13));
  if (relu) {
    const z = f32x4.splat(0);
    y00 = f32x4.max(y00, z); y01 = f32x4.max(y01, z); y10 = f32x4.max(y10, z); y11 = f32x4.max(y11, z);
  }
  const row = (<usize>Wo * Co) << 2;
  const px = <usize>Co << 2;
  const o = out + ((<usize>(oy * Wo + ox) * Co) << 2);
  const right = ox + 1 < Wo;
  v128.store(o, y00);
  if (right) v128.store(o + px, y01);
  if (oy + 1 < Ho) {
    v128.store(o + row, y10);
    if (right) v128.store(o + row + px, y11);
  }
  // Lanes that are not finite, for winogradRows's check.
  return v128.or(v128.or(nonFinite(y00), nonFinite(y01)), v128.or(nonFinite(y10), nonFinite(y11)));
}

/** Bytes of scratch one share needs for bands of `bandRows` tile rows: V and M of one band, then 8 zeros. */
export function winogradScratchBytes(Wo: i32, Ci: i32, Co: i32, bandRows: i32): usize {
  const tMax = <usize>bandRows * ((Wo + 1) >> 1);
  return 16 * ((tMax * (Ci + Co)) << 2) + 32 * PAD + ZEROS;
}

/**
 * Bands b0…b1 − 1 of one image's output (a band is `bandRows` rows of 2×2 tiles; threads take
 * disjoint bands, each with its own `scratch` of winogradScratchBytes), from u (winogradFilter).
 * relu: 1 applies max(0, ·), 0 leaves the sum linear. Where an output comes out ±∞ or NaN, the
 * i32 at `flag` is set to 1, and the caller computes the convolution directly instead: an infinite
 * input or weight makes the transforms compute ∞ − ∞ (NaN) where the direct sum gives ±∞, and
 * inputs near float32's largest overflow in the transforms where the direct sum may not.
 */
export function winogradRows(x: usize, u: usize, bias: usize, out: usize, scratch: usize, H: i32, W: i32, Ci: i32, Ho: i32, Wo: i32, Co: i32, top: i32, left: i32, relu: i32, bandRows: i32, flag: usize, b0: i32, b1: i32): void {
  const Th = (Ho + 1) >> 1, Tw = (Wo + 1) >> 1;
  const act = relu != 0;
  const tMax = <usize>bandRows * Tw;
  // Bytes from one ξ of V (or M) to the next, plus one cache line: sixteen streams a multiple of
  // 4 KiB apart would share one set of the L1 cache and evict each other (measured: the input
  // transform ran 2× slower).
  const vXi = ((tMax * Ci) << 2) + PAD;
  const mXi = ((tMax * Co) << 2) + PAD;
  const v = scratch;
  const m = scratch + 16 * vXi;
  const zeros = m + 16 * mXi;
  v128.store(zeros, f32x4.splat(0));
  v128.store(zeros, f32x4.splat(0), 16);
  const uXi = (<usize>Ci * Co) << 2;
  const rowV = <usize>Ci << 2, rowM = <usize>Co << 2;
  for (let b = b0; b < b1; b++) {
    const ty0 = b * bandRows, ty1 = min(Th, ty0 + bandRows);
    const T = (ty1 - ty0) * Tw;
    // 1. V = Bᵀ d B for every tile of the band.
    for (let ty = ty0; ty < ty1; ty++) {
      const iy = 2 * ty - top;
      const rowsInside = iy >= 0 && iy + 4 <= H;
      for (let tx = 0; tx < Tw; tx++) {
        const ix = 2 * tx - left;
        const vp = v + ((<usize>((ty - ty0) * Tw + tx) * Ci) << 2);
        if (rowsInside && ix >= 0 && ix + 4 <= W) {
          for (let ci = 0; ci < Ci; ci += 4) transformInput(x, H, W, Ci, iy, ix, ci, vp + (<usize>ci << 2), vXi, false);
        } else {
          for (let ci = 0; ci < Ci; ci += 4) transformInput(x, H, W, Ci, iy, ix, ci, vp + (<usize>ci << 2), vXi, true);
        }
      }
    }
    // 2. M[ξ] = V[ξ] · U[ξ]: sixteen products [T × Ci] · [Ci × Co], on the direct convolution's
    // register tile (conv2d.ts) as a 1×1 convolution whose pixels are tiles: 4 tiles × 8 channels,
    // then one tile at a time. U's blocks are laid out as its packed filter ([Ci][8] per block).
    for (let xi = 0; xi < 16; xi++) {
      for (let o = 0; o < Co; o += 8) {
        const up = u + <usize>xi * uXi + ((<usize>o * Ci) << 2);
        const vRow = v + <usize>xi * vXi;
        const mRow = m + <usize>xi * mXi + (<usize>o << 2);
        let t = 0;
        for (; t + 4 <= T; t += 4) tile4x8(vRow + <usize>t * rowV, up, Ci, rowM, 1, 0, 1, zeros, mRow + <usize>t * rowM, false);
        for (; t < T; t++) pixel(vRow + <usize>t * rowV, up, Ci, 1, 8, 0, 1, 0, 1, zeros, mRow + <usize>t * rowM, false);
      }
    }
    // 3. Y = Aᵀ M A + bias for every tile and every 4 output channels.
    let bad = f32x4.splat(0);
    for (let ty = ty0; ty < ty1; ty++) {
      for (let tx = 0; tx < Tw; tx++) {
        const mp = m + ((<usize>((ty - ty0) * Tw + tx) * Co) << 2);
        for (let co = 0; co < Co; co += 4) {
          bad = v128.or(bad, transformOutput(mp + (<usize>co << 2), mXi, v128.load(bias + (<usize>co << 2)), out + (<usize>co << 2), Ho, Wo, Co, 2 * ty, 2 * tx, act));
        }
      }
    }
    if (v128.any_true(bad)) store<i32>(flag, 1);
  }
}
