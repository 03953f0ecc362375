/**
 * Helper threads when one fails: the job is refused in one line, the helpers are retired, and the
 * kernels carry on on this thread (the sums stay right). Real workers on a shared memory.
 */
import { afterAll, expect, it } from 'vitest';
import { TestHeap, withThreads } from '../../../../testing/simdHeap';
import { setSimdThreads, simdKernels, simdThreads } from './simdKernels';

afterAll(() => setSimdThreads(null));

it('a helper that traps fails its job with one clear error and retires the helpers: later jobs run on this thread', async () => {
  const heap = new TestHeap(true);
  const memory = heap.memory;
  expect(await withThreads(heap, 3)).toBe(3);
  const k = simdKernels(memory);
  // x far beyond the memory: any helper that runs a row traps. This thread, busy with its first
  // chunk for 200 ms, leaves the other chunks to the helpers.
  const args = [0x7ff00000, 16, 16, 64, 8, 8, 4, 8, 8, 4, 1, 1, 0, 0, 0, 16, 128, 32];
  const busy = () => {
    const until = Date.now() + 200;
    while (Date.now() < until);
  };
  expect(() => k.run({ kernel: 'conv2dRows', args, rows: 8 }, k.helpers, busy)).toThrow(/SIMD kernels: a helper thread failed \(.*out of bounds/);
  expect(simdThreads()).toBe(1);
  expect(simdKernels(memory).helpers).toBe(0);
  // Without helpers the job is this thread's alone: every row reaches `own`.
  const rows: number[] = [];
  simdKernels(memory).run({ kernel: 'conv2dRows', args, rows: 8 }, 0, (oy0, oy1) => rows.push(oy0, oy1));
  expect(rows).toEqual([0, 8]);
}, 60_000);
