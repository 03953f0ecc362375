import { describe, expect, it } from 'vitest';
import { correctionKey } from './correctionKey';

describe('correctionKey', () => {
  it('is the SHA-256 of the bytes and the frame', async () => {
    const abc = new TextEncoder().encode('abc');
    expect(await correctionKey(abc, null)).toBe('sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad#0');
    expect(await correctionKey(abc, 2)).toMatch(/#2$/);
    expect(await correctionKey(new TextEncoder().encode('abd'), 0)).not.toBe(await correctionKey(abc, 0));
  });
});
