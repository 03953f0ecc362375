/**
 * One editing step on a binary mask, stored compactly: the indices of the pixels it changed and
 * the value it wrote. Every tool writes a single value per step (brush 1, eraser 0, fill 1, cut
 * 0, clear 0), and only pixels whose value actually changed are recorded, so undo writes the
 * opposite value back and redo writes the value again — both exact. A step costs 4 bytes per
 * changed pixel, never a copy of the whole mask.
 */
import { type BinaryMask } from '../mask';

export type MaskValue = 0 | 1;

export interface MaskChange {
  /** Row-major pixel indices (y · width + x) this step changed, each once. */
  readonly indices: Uint32Array;
  /** What the step wrote there; before it, every one of these pixels held the other value. */
  readonly value: MaskValue;
}

/**
 * Writes one value into a mask in place and remembers which pixels it changed. A stroke feeds
 * it segment after segment while the pointer moves; `finish` returns the whole step.
 */
export class ChangeRecorder {
  private indices = new Uint32Array(1024);
  private count = 0;

  constructor(
    readonly mask: BinaryMask,
    readonly value: MaskValue,
  ) {}

  /** Number of pixels changed so far. */
  get size(): number {
    return this.count;
  }

  /** Sets pixel `index` to the recorder's value; recorded only if it was different. */
  set(index: number): void {
    const data = this.mask.data;
    if (data[index] === this.value) return;
    data[index] = this.value;
    if (this.count === this.indices.length) {
      const grown = new Uint32Array(this.indices.length * 2);
      grown.set(this.indices);
      this.indices = grown;
    }
    this.indices[this.count++] = index;
  }

  /** The step so far (a copy trimmed to its length); null when nothing changed. */
  finish(): MaskChange | null {
    return this.count === 0 ? null : { indices: this.indices.slice(0, this.count), value: this.value };
  }
}

/** Puts back what `change` overwrote. */
export function revertChange(mask: BinaryMask, change: MaskChange): void {
  const before = change.value === 1 ? 0 : 1;
  for (const i of change.indices) mask.data[i] = before;
}

/** Writes `change` again (after it was reverted). */
export function reapplyChange(mask: BinaryMask, change: MaskChange): void {
  for (const i of change.indices) mask.data[i] = change.value;
}
