/**
 * Our WebAssembly SIMD filter gradient: the committed bytes are what assembly/ compiles to today,
 * and its sums match the float64 definition on odd sizes, 1×1/2×2/3×3/5×3
 * kernels, `same`/`valid`/wider padding, 1…33 input channels and 1…36 output channels (the
 * 16-channel tile, the fours, the last Co % 4 channels and odd input channels all taken).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KERNELS, compileKernel, moduleText } from '../../../../../scripts/assembly.mjs';
import { type ConvCase, convInfo, filterGradReference } from '../../../../testing/convReference';
import { relativeError, seededUniform } from '../../../../testing/numeric';
import { filterGradientSimd, simdFilterGradientFits } from './filterGradientSimd';
import { setSimdThreads, simdThreads } from './simdKernels';
import { SIMD_WASM } from './simdWasm';
import { readFileSync } from 'node:fs';

describe('filterGradient.wasm', () => {
  beforeAll(() => setSimdThreads(1));

  it('is what its AssemblyScript source compiles to, in both builds (run npm run build:assembly after editing it)', async () => {
    for (const kernel of KERNELS) expect(readFileSync(kernel.module, 'utf8'), kernel.module).toBe(moduleText(kernel, await compileKernel(kernel)));
    expect(SIMD_WASM.length).toBeGreaterThan(1000);
  }, 60_000);

  const cases: ConvCase[] = [
    { x: [1, 7, 9, 1], filter: [3, 3], outChannels: 4, stride: 1, pad: 'same' },
    { x: [2, 9, 7, 5], filter: [3, 3], outChannels: 12, stride: 1, pad: 'same' },
    { x: [2, 7, 9, 6], filter: [3, 3], outChannels: 32, stride: 1, pad: 'valid' },
    { x: [1, 6, 5, 3], filter: [2, 2], outChannels: 20, stride: 1, pad: 'same' },
    { x: [3, 5, 6, 33], filter: [1, 1], outChannels: 16, stride: 1, pad: 'valid' },
    { x: [1, 6, 7, 4], filter: [3, 3], outChannels: 4, stride: 1, pad: 2 },
    { x: [2, 8, 11, 16], filter: [5, 3], outChannels: 36, stride: 1, pad: 'same' },
    { x: [4, 64, 64, 16], filter: [3, 3], outChannels: 16, stride: 1, pad: 'same' },
    { x: [2, 9, 9, 16], filter: [1, 1], outChannels: 1, stride: 1, pad: 'valid' },
    { x: [2, 7, 8, 7], filter: [3, 3], outChannels: 3, stride: 1, pad: 'same' },
    { x: [1, 6, 5, 10], filter: [2, 2], outChannels: 23, stride: 1, pad: 'same' },
    { x: [2, 19, 40, 160], filter: [3, 3], outChannels: 8, stride: 1, pad: 'same' },
  ];
  it.each(cases)('matches float64 within 1e-6: x $x, filter $filter → $outChannels, pad $pad', (c) => {
    const info = convInfo(c);
    const x = seededUniform(c.x.reduce((a, b) => a * b, 1), 7);
    const dy = seededUniform(c.x[0] * info.outHeight * info.outWidth * c.outChannels, 11);
    const out = new Float32Array(c.filter[0] * c.filter[1] * c.x[3] * c.outChannels).fill(Number.NaN);
    const [B, H, W, Ci] = c.x;
    filterGradientSimd(x, dy, out, { B, H, W, Ci, Ho: info.outHeight, Wo: info.outWidth, Co: c.outChannels, kh: c.filter[0], kw: c.filter[1], top: info.padInfo.top, left: info.padInfo.left });
    expect(relativeError(out, filterGradReference(c, x, dy))).toBeLessThanOrEqual(1e-6);
  });

  it('takes stride 1 and dilation 1 only, and refuses arrays that do not match the shape', () => {
    expect(simdFilterGradientFits(1, 1, 1, 1)).toBe(true);
    expect(simdFilterGradientFits(2, 2, 1, 1)).toBe(false);
    expect(simdFilterGradientFits(1, 1, 2, 2)).toBe(false);
    // One image's operands must fit the kernel's 1 GiB: a 1024² layer of 128 → 128 channels does not.
    const layer = (Ci: number, Co: number) => ({ B: 4, H: 1024, W: 1024, Ci, Ho: 1024, Wo: 1024, Co, kh: 3, kw: 3, top: 1, left: 1 });
    expect(simdFilterGradientFits(1, 1, 1, 1, layer(64, 32))).toBe(true);
    expect(simdFilterGradientFits(1, 1, 1, 1, layer(128, 128))).toBe(false);
    const shape = { B: 1, H: 2, W: 2, Ci: 1, Ho: 2, Wo: 2, Co: 6, kh: 1, kw: 1, top: 0, left: 0 };
    expect(() => filterGradientSimd(new Float32Array(4), new Float32Array(23), new Float32Array(6), shape)).toThrow(/sizes do not match/);
  });
});

describe('filterGradient.wasm on helper threads', () => {
  afterAll(() => setSimdThreads(null));

  it('gives the same sums with 3 threads (shared memory, rows split three ways) as the float64 definition', async () => {
    setSimdThreads(3);
    // Helpers start asynchronously: until all have, the kernel works alone.
    const deadline = Date.now() + 20_000;
    while (simdThreads() < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(simdThreads()).toBe(3);
    for (const c of [
      { x: [3, 10, 9, 6], filter: [3, 3], outChannels: 20, stride: 1, pad: 'same' },
      { x: [2, 2, 7, 5], filter: [2, 2], outChannels: 3, stride: 1, pad: 'same' }, // fewer rows than threads
      { x: [4, 32, 32, 16], filter: [3, 3], outChannels: 16, stride: 1, pad: 'valid' },
    ] as ConvCase[]) {
      const info = convInfo(c);
      const x = seededUniform(c.x.reduce((a, b) => a * b, 1), 3);
      const dy = seededUniform(c.x[0] * info.outHeight * info.outWidth * c.outChannels, 5);
      const out = new Float32Array(c.filter[0] * c.filter[1] * c.x[3] * c.outChannels);
      const [B, H, W, Ci] = c.x;
      filterGradientSimd(x, dy, out, { B, H, W, Ci, Ho: info.outHeight, Wo: info.outWidth, Co: c.outChannels, kh: c.filter[0], kw: c.filter[1], top: info.padInfo.top, left: info.padInfo.left });
      expect(relativeError(out, filterGradReference(c, x, dy)), `x ${c.x}`).toBeLessThanOrEqual(1e-6);
    }
  }, 60_000);
});
