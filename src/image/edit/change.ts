/**
 * One editing step on a mask (binary 0/1, or class indices for a model of several classes),
 * stored compactly: the indices of the pixels it changed, what each held before, and the value it
 * wrote. Every tool writes a single value per step (brush: the class painted, 1 for a binary
 * mask; eraser 0; fill; cut 0; clear 0), and only pixels whose value actually changed are
 * recorded, so undo writes the old values back and redo writes the value again — both exact. A
 * step costs 5 bytes per changed pixel, never a copy of the whole mask.
 */
import { type BinaryMask } from '../mask';

/** A value a tool writes: 0 = background, k = class k (1 for a binary mask). */
export type MaskValue = number;

export interface MaskChange {
  /** Row-major pixel indices (y · width + x) this step changed, each once. */
  readonly indices: Uint32Array;
  /** What the step wrote there. */
  readonly value: MaskValue;
  /** What each of those pixels held before the step (same order as `indices`). */
  readonly before: Uint8Array;
}

/**
 * Writes one value into a mask in place and remembers which pixels it changed. A stroke feeds
 * it segment after segment while the pointer moves; `finish` returns the whole step.
 */
export class ChangeRecorder {
  private indices = new Uint32Array(1024);
  private previous = new Uint8Array(1024);
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
    if (this.count === this.indices.length) {
      const grown = new Uint32Array(this.indices.length * 2);
      grown.set(this.indices);
      this.indices = grown;
      const grownBefore = new Uint8Array(this.previous.length * 2);
      grownBefore.set(this.previous);
      this.previous = grownBefore;
    }
    this.previous[this.count] = data[index];
    this.indices[this.count++] = index;
    data[index] = this.value;
  }

  /** The step so far (a copy trimmed to its length); null when nothing changed. */
  finish(): MaskChange | null {
    return this.count === 0 ? null : { indices: this.indices.slice(0, this.count), value: this.value, before: this.previous.slice(0, this.count) };
  }
}

/** Puts back what `change` overwrote. */
export function revertChange(mask: BinaryMask, change: MaskChange): void {
  change.indices.forEach((i, k) => (mask.data[i] = change.before[k]));
}

/** Writes `change` again (after it was reverted). */
export function reapplyChange(mask: BinaryMask, change: MaskChange): void {
  for (const i of change.indices) mask.data[i] = change.value;
}
