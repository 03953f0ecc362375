/**
 * Our WebAssembly SIMD filter gradient: the committed bytes are what assembly/ compiles to today,
 * and its sums match the float64 definition on odd sizes, 1×1/2×2/3×3/5×3
 * kernels, `same`/`valid`/wider padding, 1…33 input channels and 1…36 output channels (the
 * 16-channel tile, the fours, the last Co % 4 channels and odd input channels all taken).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KERNELS, compileKernel, moduleText } from '../../../../../scripts/assembly.mjs';
import { type ConvCase, convInfo, filterGradReference, STRIDE1_CASES } from '../../../../testing/convReference';
import { relativeError, seededUniform } from '../../../../testing/numeric';
import { TestHeap, withThreads } from '../../../../testing/simdHeap';
import { filterGradientScratchBytes, filterGradientSimd, simdFilterGradientFits } from './filterGradientSimd';
import { type ConvShape, setSimdThreads, simdKernels } from './simdKernels';
import { SIMD_WASM } from './simdWasm';
import { readFileSync } from 'node:fs';

/** Runs the kernel in `heap` on x and dy; returns dW. */
function run(heap: TestHeap, x: Float32Array, dy: Float32Array, s: ConvShape): Float32Array {
  const k = simdKernels(heap.memory);
  const outFloats = s.kh * s.kw * s.Ci * s.Co;
  heap.reset();
  const at = { x: heap.put(x), dy: heap.put(dy), out: heap.put(new Float32Array(outFloats).fill(Number.NaN)), scratch: heap.alloc(filterGradientScratchBytes(s, k.helpers)) };
  filterGradientSimd(k, at, s);
  return heap.read(at.out, outFloats);
}

describe('filterGradient.wasm', () => {
  beforeAll(() => setSimdThreads(1));
  const heap = new TestHeap(false);

  it('is what its AssemblyScript source compiles to, in both builds (run npm run build:assembly after editing it)', async () => {
    for (const kernel of KERNELS) expect(readFileSync(kernel.module, 'utf8'), kernel.module).toBe(moduleText(kernel, await compileKernel(kernel)));
    expect(SIMD_WASM.length).toBeGreaterThan(1000);
  }, 60_000);

  const cases: ConvCase[] = [
    ...STRIDE1_CASES,
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
    const [B, H, W, Ci] = c.x;
    const out = run(heap, x, dy, { B, H, W, Ci, Ho: info.outHeight, Wo: info.outWidth, Co: c.outChannels, kh: c.filter[0], kw: c.filter[1], top: info.padInfo.top, left: info.padInfo.left });
    expect(relativeError(out, filterGradReference(c, x, dy))).toBeLessThanOrEqual(1e-6);
  });

  it('takes stride 1 and dilation 1 only, and a scratch buffer aligned for float64', () => {
    expect(simdFilterGradientFits(1, 1, 1, 1)).toBe(true);
    expect(simdFilterGradientFits(2, 2, 1, 1)).toBe(false);
    expect(simdFilterGradientFits(1, 1, 2, 2)).toBe(false);
    const shape = { B: 1, H: 2, W: 2, Ci: 1, Ho: 2, Wo: 2, Co: 6, kh: 1, kw: 1, top: 0, left: 0 };
    expect(() => filterGradientSimd(simdKernels(heap.memory), { x: 16, dy: 32, out: 64, scratch: 100 }, shape)).toThrow(/not 8-byte aligned/);
  });
});

describe('filterGradient.wasm on helper threads', () => {
  afterAll(() => setSimdThreads(null));

  it('gives the same sums with 3 threads (shared memory, rows split three ways) as the float64 definition', async () => {
    const heap = new TestHeap(true);
    expect(await withThreads(heap, 3)).toBe(3);
    for (const c of [
      { x: [3, 10, 9, 6], filter: [3, 3], outChannels: 20, stride: 1, pad: 'same' },
      { x: [2, 2, 7, 5], filter: [2, 2], outChannels: 3, stride: 1, pad: 'same' }, // fewer rows than threads
      { x: [4, 32, 32, 16], filter: [3, 3], outChannels: 16, stride: 1, pad: 'valid' },
    ] as ConvCase[]) {
      const info = convInfo(c);
      const x = seededUniform(c.x.reduce((a, b) => a * b, 1), 3);
      const dy = seededUniform(c.x[0] * info.outHeight * info.outWidth * c.outChannels, 5);
      const [B, H, W, Ci] = c.x;
      const out = run(heap, x, dy, { B, H, W, Ci, Ho: info.outHeight, Wo: info.outWidth, Co: c.outChannels, kh: c.filter[0], kw: c.filter[1], top: info.padInfo.top, left: info.padInfo.left });
      expect(relativeError(out, filterGradReference(c, x, dy)), `x ${c.x}`).toBeLessThanOrEqual(1e-6);
    }
  }, 60_000);
});
