/**
 * Conv2D (forward, with bias and optional ReLU) as WebAssembly SIMD code, stride 1, dilation 1, NHWC:
 *
 *   Y[oy, ox, co] = act(bias[co] + Σ_ky Σ_kx Σ_ci X[oy + ky − top, ox + kx − left, ci] · W[ky, kx, ci, co])
 *
 * (taps outside the image read zero padding and are skipped). It runs a U-Net's forward
 * convolutions (predict and training) and, with the filter rotated, their input gradients. Why our
 * own code: measured in headless Chromium on one thread, XNNPACK (TF.js 4.22's WASM convolutions)
 * reaches 8–12 GMAC/s on the U-Net's layers, this tile 11–17. Each output tile keeps 4 pixels × 8
 * output channels in eight four-lane registers and adds, per input channel, two filter vectors
 * times four broadcast inputs, summing in the same order as XNNPACK (bias first, then ky, kx, ci).
 * Pixels whose window leaves the image (the borders) go through one-pixel tiles that skip the
 * missing taps.
 *
 * Layout (byte addresses in this module's memory): x [H, W, Ci], w [kh, kw, Ci, Co], bias [Co],
 * out [Ho, Wo, Co] (or strided: see conv2dRows), all float32, one image. Co must be a multiple of 4.
 */

import { nonFinite } from './finite';

/**
 * Copies the filter w [kh·kw = taps, Ci, Co] into blocks of 8 output channels (the last block 4
 * when Co is 4 mod 8), each block [taps, Ci, width] and contiguous at float offset o·taps·Ci, so that
 * a tile reads its weights in order, one cache line after the next.
 */
export function packFilter(w: usize, packed: usize, taps: i32, Ci: i32, Co: i32): void {
  for (let o = 0; o < Co; o += 8) {
    const width = min(8, Co - o);
    let dst = packed + ((<usize>o * taps * Ci) << 2);
    for (let t = 0; t < taps; t++) {
      for (let c = 0; c < Ci; c++) {
        const src = w + ((<usize>((t * Ci + c) * Co + o)) << 2);
        v128.store(dst, v128.load(src));
        if (width == 8) v128.store(dst, v128.load(src, 16), 16);
        dst += <usize>width << 2;
      }
    }
  }
}

/**
 * 4 pixels × 8 channels whose window lies inside the image along x; `rows` taps of ky from wp's.
 * Also Winograd's products (winograd.ts: one tap, four tiles for pixels). Returns the non-finite lanes.
 */
@inline export function tile4x8(xp: usize, wp: usize, Ci: i32, outPx: usize, kw: i32, rowX: usize, rows: i32, bp: usize, op: usize, relu: bool): v128 {
  let a0 = v128.load(bp), a1 = v128.load(bp, 16);
  let b0 = a0, b1 = a1, c0 = a0, c1 = a1, d0 = a0, d1 = a1;
  const px = <usize>Ci << 2;
  let wr = wp;
  for (let ky = 0; ky < rows; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      let x0 = xp + <usize>ky * rowX + <usize>kx * px;
      for (let c = 0; c < Ci; c++) {
        const w0 = v128.load(wr), w1 = v128.load(wr, 16);
        let s = v128.load32_splat(x0);
        a0 = f32x4.add(a0, f32x4.mul(s, w0)); a1 = f32x4.add(a1, f32x4.mul(s, w1));
        s = v128.load32_splat(x0 + px);
        b0 = f32x4.add(b0, f32x4.mul(s, w0)); b1 = f32x4.add(b1, f32x4.mul(s, w1));
        s = v128.load32_splat(x0 + 2 * px);
        c0 = f32x4.add(c0, f32x4.mul(s, w0)); c1 = f32x4.add(c1, f32x4.mul(s, w1));
        s = v128.load32_splat(x0 + 3 * px);
        d0 = f32x4.add(d0, f32x4.mul(s, w0)); d1 = f32x4.add(d1, f32x4.mul(s, w1));
        x0 += 4;
        wr += 32;
      }
    }
  }
  if (relu) {
    const z = f32x4.splat(0);
    a0 = f32x4.max(a0, z); a1 = f32x4.max(a1, z); b0 = f32x4.max(b0, z); b1 = f32x4.max(b1, z);
    c0 = f32x4.max(c0, z); c1 = f32x4.max(c1, z); d0 = f32x4.max(d0, z); d1 = f32x4.max(d1, z);
  }
  v128.store(op, a0); v128.store(op, a1, 16);
  v128.store(op + outPx, b0); v128.store(op + outPx, b1, 16);
  v128.store(op + 2 * outPx, c0); v128.store(op + 2 * outPx, c1, 16);
  v128.store(op + 3 * outPx, d0); v128.store(op + 3 * outPx, d1, 16);
  return v128.or(v128.or(v128.or(nonFinite(a0), nonFinite(a1)), v128.or(nonFinite(b0), nonFinite(b1))), v128.or(v128.or(nonFinite(c0), nonFinite(c1)), v128.or(nonFinite(d0), nonFinite(d1))));
}

/** 4 pixels × 4 channels (a last block of 4), window inside along x. */
@inline function tile4x4(xp: usize, wp: usize, Ci: i32, outPx: usize, kw: i32, rowX: usize, rows: i32, bp: usize, op: usize, relu: bool): v128 {
  let a0 = v128.load(bp);
  let b0 = a0, c0 = a0, d0 = a0;
  const px = <usize>Ci << 2;
  let wr = wp;
  for (let ky = 0; ky < rows; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      let x0 = xp + <usize>ky * rowX + <usize>kx * px;
      for (let c = 0; c < Ci; c++) {
        const w0 = v128.load(wr);
        a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(x0), w0));
        b0 = f32x4.add(b0, f32x4.mul(v128.load32_splat(x0 + px), w0));
        c0 = f32x4.add(c0, f32x4.mul(v128.load32_splat(x0 + 2 * px), w0));
        d0 = f32x4.add(d0, f32x4.mul(v128.load32_splat(x0 + 3 * px), w0));
        x0 += 4;
        wr += 16;
      }
    }
  }
  if (relu) {
    const z = f32x4.splat(0);
    a0 = f32x4.max(a0, z); b0 = f32x4.max(b0, z); c0 = f32x4.max(c0, z); d0 = f32x4.max(d0, z);
  }
  v128.store(op, a0);
  v128.store(op + outPx, b0);
  v128.store(op + 2 * outPx, c0);
  v128.store(op + 3 * outPx, d0);
  return v128.or(v128.or(nonFinite(a0), nonFinite(b0)), v128.or(nonFinite(c0), nonFinite(d0)));
}

/**
 * One pixel × one block (`width` 8 or 4 channels), taps kx0…kx1 − 1 only (a border pixel); wp is
 * the block's weights at the first of `rows` rows of taps, xp the input at that row, column c − left.
 */
@inline export function pixel(xp: usize, wp: usize, Ci: i32, kw: i32, width: i32, rowX: usize, rows: i32, kx0: i32, kx1: i32, bp: usize, op: usize, relu: bool): v128 {
  let a0 = v128.load(bp);
  let a1 = width == 8 ? v128.load(bp, 16) : f32x4.splat(0);
  const px = <usize>Ci << 2;
  const wStep = <usize>width << 2;
  for (let ky = 0; ky < rows; ky++) {
    for (let kx = kx0; kx < kx1; kx++) {
      let x0 = xp + <usize>ky * rowX + <usize>kx * px;
      let wr = wp + <usize>(ky * kw + kx) * <usize>Ci * wStep;
      if (width == 8) {
        for (let c = 0; c < Ci; c++) {
          const s = v128.load32_splat(x0);
          a0 = f32x4.add(a0, f32x4.mul(s, v128.load(wr)));
          a1 = f32x4.add(a1, f32x4.mul(s, v128.load(wr, 16)));
          x0 += 4;
          wr += 32;
        }
      } else {
        for (let c = 0; c < Ci; c++) {
          a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(x0), v128.load(wr)));
          x0 += 4;
          wr += 16;
        }
      }
    }
  }
  if (relu) {
    a0 = f32x4.max(a0, f32x4.splat(0));
    a1 = f32x4.max(a1, f32x4.splat(0));
  }
  v128.store(op, a0);
  if (width == 8) v128.store(op, a1, 16);
  return width == 8 ? v128.or(nonFinite(a0), nonFinite(a1)) : nonFinite(a0);
}

/**
 * Output rows oy0…oy1 − 1 of one image (a thread's share: rows are disjoint, so threads write the
 * same `out` without overlap), from the packed filter (packFilter). relu: 1 applies max(0, ·), 0
 * leaves the sum linear. Output pixel (oy, ox) starts at out + oy·outRow + ox·outPx (bytes): Co·4 and
 * Wo·Co·4 for a plain [Ho, Wo, Co] output; more to write every other pixel and row of a larger one
 * (upConv2d.ts's phases of an up-sampled convolution). Each block of output channels runs over all
 * the rows before the next, so that its weights (≤ 9·256·8 floats, 72 KiB) stay in cache. Where
 * an output is not finite (±∞ or NaN), the i32 at `flag` is set to 1 (upConv2dSimd.ts then computes
 * the up-convolution as its two layers would, since its summed taps change how ∞ combines).
 */
export function conv2dRows(x: usize, packed: usize, bias: usize, out: usize, H: i32, W: i32, Ci: i32, Ho: i32, Wo: i32, Co: i32, kh: i32, kw: i32, top: i32, left: i32, relu: i32, outPx: usize, outRow: usize, flag: usize, oy0: i32, oy1: i32): void {
  const rowX = (<usize>W * Ci) << 2;
  const px = <usize>Ci << 2;
  const act = relu != 0;
  const taps = kh * kw;
  // Columns whose whole window lies inside the image: ox − left ≥ 0 and ox − left + kw − 1 < W.
  const inA = min(max(left, 0), Wo);
  const inB = max(inA, min(Wo, W - kw + left + 1));
  const tiles = (inB - inA) >> 2;
  const inEnd = inA + (tiles << 2);
  let bad = f32x4.splat(0);
  for (let o = 0; o < Co; o += 8) {
    const width = min(8, Co - o);
    const block = packed + ((<usize>o * taps * Ci) << 2);
    const bp = bias + (<usize>o << 2);
    for (let oy = oy0; oy < oy1; oy++) {
      const ky0 = max(0, top - oy), ky1 = max(ky0, min(kh, H - oy + top));
      const rows = ky1 - ky0;
      const outAt = out + <usize>oy * outRow + (<usize>o << 2);
      // Input row (oy + ky0 − top), column 0, and the block's weights from tap row ky0.
      const xRow = x + <usize>(oy + ky0 - top) * rowX;
      const wRow = block + ((<usize>(ky0 * kw) * Ci * width) << 2);
      for (let t = 0; t < tiles; t++) {
        const ox = inA + (t << 2);
        const xp = xRow + <usize>(ox - left) * px;
        const op = outAt + <usize>ox * outPx;
        bad = v128.or(bad, width == 8 ? tile4x8(xp, wRow, Ci, outPx, kw, rowX, rows, bp, op, act) : tile4x4(xp, wRow, Ci, outPx, kw, rowX, rows, bp, op, act));
      }
      // The borders and the interior's last < 4 columns, one pixel at a time.
      for (let c = 0; c < Wo; c++) {
        if (c == inA && tiles > 0) c = inEnd;
        if (c >= Wo) break;
        const kx0 = max(0, left - c), kx1 = max(kx0, min(kw, W - c + left));
        // Tap kx reads column c + kx − left: pass column c − left (wraps below 0; kx ≥ kx0 brings it back).
        bad = v128.or(bad, pixel(xRow + <usize>(c - left) * px, wRow, Ci, kw, width, rowX, rows, kx0, kx1, bp, outAt + <usize>c * outPx, act));
      }
    }
  }
  if (v128.any_true(bad)) store<i32>(flag, 1);
}
