import { describe, expect, it } from 'vitest';
import { TRUTHS_KEPT, truthReceiver, truthSender } from './truthCache';

describe('truth cache', () => {
  it('sends a mask’s pixels once, then only its number, and finds it again on the other side', () => {
    const send = truthSender<{ data: Uint8Array }>();
    const receive = truthReceiver<{ data: Uint8Array }>();
    const a = { data: new Uint8Array([1]) };
    const first = send(a);
    expect(first.mask).toBe(a);
    const copy = structuredClone(first);
    expect(receive(copy)).toEqual(a);
    const again = send(a);
    expect(again).toEqual({ truthId: first.truthId, mask: null });
    expect(receive(again)).toBe(copy.mask);
  });

  it('resends a mask the worker let go, as both sides let go of the same one', () => {
    const send = truthSender<{ n: number }>();
    const receive = truthReceiver<{ n: number }>();
    const masks = Array.from({ length: TRUTHS_KEPT + 1 }, (_, n) => ({ n }));
    for (const m of masks) expect(receive(structuredClone(send(m)))).toEqual(m);
    // The first was the least recently used: it travels again, and is found.
    const back = send(masks[0]);
    expect(back.mask).toBe(masks[0]);
    expect(receive(structuredClone(back))).toEqual(masks[0]);
    // The most recent one is still held by number.
    expect(send(masks[TRUTHS_KEPT]).mask).toBeNull();
  });
});
