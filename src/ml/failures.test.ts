/** Backend failures as one line with the right cause: WASM's memory is not the GPU's. */
import { describe, expect, it } from 'vitest';
import { describeFailure, isWasmOutOfMemory } from './failures';

describe('describeFailure', () => {
  it('says WASM ran out of memory, not the GPU, for our heap refusal and for a write through an empty allocation', () => {
    for (const message of ['out of WASM memory: a [900000000] float32 tensor (3434 MB) does not fit in the heap', 'memory access out of bounds']) {
      expect(isWasmOutOfMemory(message)).toBe(true);
      const line = describeFailure(new Error(message), 'fine-tuning');
      expect(line).toBe(`WASM ran out of memory while fine-tuning (its heap holds at most 4 GB): use fewer or smaller images, or a smaller batch. (${message})`);
    }
  });

  it('keeps the GPU lines for the GPU and the plain line for the rest', () => {
    expect(isWasmOutOfMemory('Failed to allocate buffer: out of memory')).toBe(false);
    expect(describeFailure(new Error('Failed to allocate buffer: out of memory'), 'segmenting')).toMatch(/^The GPU ran out of memory while segmenting/);
    expect(describeFailure(new Error('CONTEXT_LOST_WEBGL'), 'segmenting')).toMatch(/^The GPU device was lost while segmenting/);
    expect(describeFailure('bad shape', 'segmenting')).toBe('Failed while segmenting: bad shape');
  });
});
