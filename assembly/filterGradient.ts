/**
 * Conv2DBackpropFilter as WebAssembly SIMD code (AssemblyScript, compiled by `npm run
 * build:assembly` into src/ml/kernels/wasm/simd/simdWasm.ts). Stride 1, dilation 1, NHWC:
 *
 *   dW[ky, kx, ci, co] += Σ_b Σ_oy Σ_ox X[b, oy + ky − top, ox + kx − left, ci] · dY[b, oy, ox, co]
 *
 * (taps outside the image read zero padding and are skipped). Why our own code: XNNPACK, through
 * which TF.js's WASM backend multiplies matrices, has no kernel for this reduction, and as matrix
 * products its output ([Ci, Co] per tap) is tiny while the reduction (B·Ho·Wo) is huge, so every
 * product streams its operands from memory. Here the reduction runs one output row at a time, with
 * that row's dY (Wo·Co floats) and the three input rows it meets in cache, and the sum of one row
 * is kept in registers: 2 input channels × 16 output channels = 8 four-lane accumulators (a tile
 * that fits x64's 16 vector registers with the loads), added to float64 totals after each row so
 * that a long reduction keeps ~1e-7 relative error.
 *
 * Layout (byte addresses in the imported memory, TF.js's heap), one image at a time: x [H, W, Ci]
 * f32, dy [Ho, Wo, Co] f32, out [kh, kw, Ci, Co] f64 (accumulated into: zero it first).
 * Any Ci and Co: output channels go in tiles of 16 and 4 while they last, and the last Co % 4
 * (a binary head's single channel) run with input channels as the vector lanes instead.
 */
import { addTo } from './accumulate';

/** dW rows c, c+1 and output channels o…o+15, summed over n pixels of one row. */
@inline function tile2x16(xp: usize, dyp: usize, n: i32, ci: i32, co: i32, outp: usize): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
  const xStep = <usize>ci << 2;
  const dyStep = <usize>co << 2;
  for (let i = 0; i < n; i++) {
    const d0 = v128.load(dyp), d1 = v128.load(dyp, 16), d2 = v128.load(dyp, 32), d3 = v128.load(dyp, 48);
    const x0 = v128.load32_splat(xp), x1 = v128.load32_splat(xp, 4);
    a0 = f32x4.add(a0, f32x4.mul(x0, d0)); a1 = f32x4.add(a1, f32x4.mul(x0, d1));
    a2 = f32x4.add(a2, f32x4.mul(x0, d2)); a3 = f32x4.add(a3, f32x4.mul(x0, d3));
    b0 = f32x4.add(b0, f32x4.mul(x1, d0)); b1 = f32x4.add(b1, f32x4.mul(x1, d1));
    b2 = f32x4.add(b2, f32x4.mul(x1, d2)); b3 = f32x4.add(b3, f32x4.mul(x1, d3));
    xp += xStep;
    dyp += dyStep;
  }
  addTo(outp, a0); addTo(outp + 32, a1); addTo(outp + 64, a2); addTo(outp + 96, a3);
  const next = outp + (<usize>co << 3);
  addTo(next, b0); addTo(next + 32, b1); addTo(next + 64, b2); addTo(next + 96, b3);
}

/** dW row c and output channels o…o+3, summed over n pixels of one row (the remainders). */
@inline function tile1x4(xp: usize, dyp: usize, n: i32, ci: i32, co: i32, outp: usize): void {
  let a0 = f32x4.splat(0);
  const xStep = <usize>ci << 2;
  const dyStep = <usize>co << 2;
  for (let i = 0; i < n; i++) {
    a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(xp), v128.load(dyp)));
    xp += xStep;
    dyp += dyStep;
  }
  addTo(outp, a0);
}

/**
 * dW rows c…c+3 for one output channel, summed over n pixels of one row: for output channels left
 * over from the fours, with the input channels as lanes (a 1-channel head's gradient).
 */
@inline function tile4x1(xp: usize, dyp: usize, n: i32, ci: i32, co: i32, outp: usize): void {
  let a0 = f32x4.splat(0);
  const xStep = <usize>ci << 2;
  const dyStep = <usize>co << 2;
  for (let i = 0; i < n; i++) {
    a0 = f32x4.add(a0, f32x4.mul(v128.load(xp), v128.load32_splat(dyp)));
    xp += xStep;
    dyp += dyStep;
  }
  const rowStep = <usize>co << 3;
  store<f64>(outp, load<f64>(outp) + <f64>f32x4.extract_lane(a0, 0));
  store<f64>(outp + rowStep, load<f64>(outp + rowStep) + <f64>f32x4.extract_lane(a0, 1));
  store<f64>(outp + 2 * rowStep, load<f64>(outp + 2 * rowStep) + <f64>f32x4.extract_lane(a0, 2));
  store<f64>(outp + 3 * rowStep, load<f64>(outp + 3 * rowStep) + <f64>f32x4.extract_lane(a0, 3));
}

/** dW[c, o] for one input and one output channel, summed over n pixels of one row (scalar). */
@inline function tile1x1(xp: usize, dyp: usize, n: i32, ci: i32, co: i32, outp: usize): void {
  let a: f32 = 0;
  const xStep = <usize>ci << 2;
  const dyStep = <usize>co << 2;
  for (let i = 0; i < n; i++) {
    a += load<f32>(xp) * load<f32>(dyp);
    xp += xStep;
    dyp += dyStep;
  }
  store<f64>(outp, load<f64>(outp) + <f64>a);
}


/**
 * One image's output rows oy0…oy1 − 1 (a thread's share of the rows: threads sum into separate
 * `out` buffers that the caller adds up).
 */
export function filterGradientRows(x: usize, dy: usize, out: usize, H: i32, W: i32, Ci: i32, Ho: i32, Wo: i32, Co: i32, kh: i32, kw: i32, top: i32, left: i32, oy0: i32, oy1: i32): void {
  for (let oy = oy0; oy < oy1; oy++) {
    const dyRow = dy + ((<usize>oy * Wo * Co) << 2);
    for (let ky = 0; ky < kh; ky++) {
      const iy = oy + ky - top;
      if (iy < 0 || iy >= H) continue;
      const xRow = x + ((<usize>iy * W * Ci) << 2);
      for (let kx = 0; kx < kw; kx++) {
        // Output columns whose input column ox + kx − left lies inside the image.
        const ox0 = max(0, left - kx);
        const ox1 = min(Wo, W - kx + left);
        const n = ox1 - ox0;
        if (n <= 0) continue;
        const xStart = xRow + ((<usize>(ox0 + kx - left) * Ci) << 2);
        const dyStart = dyRow + ((<usize>ox0 * Co) << 2);
        const tapOut = out + ((<usize>(ky * kw + kx) * Ci * Co) << 3);
        row(xStart, dyStart, n, Ci, Co, tapOut);
      }
    }
  }
}

/** One tap of one row: every (input, output) channel pair, in the largest tiles that fit. */
@inline function row(xStart: usize, dyStart: usize, n: i32, Ci: i32, Co: i32, tapOut: usize): void {
  const co4 = Co & ~3;
  let c = 0;
  for (; c + 2 <= Ci; c += 2) {
    let o = 0;
    for (; o + 16 <= co4; o += 16) tile2x16(xStart + (<usize>c << 2), dyStart + (<usize>o << 2), n, Ci, Co, tapOut + (<usize>(c * Co + o) << 3));
    for (; o < co4; o += 4) {
      tile1x4(xStart + (<usize>c << 2), dyStart + (<usize>o << 2), n, Ci, Co, tapOut + (<usize>(c * Co + o) << 3));
      tile1x4(xStart + (<usize>(c + 1) << 2), dyStart + (<usize>o << 2), n, Ci, Co, tapOut + (<usize>((c + 1) * Co + o) << 3));
    }
  }
  for (; c < Ci; c++) {
    for (let o = 0; o < co4; o += 4) tile1x4(xStart + (<usize>c << 2), dyStart + (<usize>o << 2), n, Ci, Co, tapOut + (<usize>(c * Co + o) << 3));
  }
  for (let o = co4; o < Co; o++) {
    let c4 = 0;
    for (; c4 + 4 <= Ci; c4 += 4) tile4x1(xStart + (<usize>c4 << 2), dyStart + (<usize>o << 2), n, Ci, Co, tapOut + (<usize>(c4 * Co + o) << 3));
    for (; c4 < Ci; c4++) tile1x1(xStart + (<usize>c4 << 2), dyStart + (<usize>o << 2), n, Ci, Co, tapOut + (<usize>(c4 * Co + o) << 3));
  }
}
