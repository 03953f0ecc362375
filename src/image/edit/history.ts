/**
 * Undo and redo for one image's mask, step by step. The history is an immutable value (so a
 * store can hold it); the mask it acts on is changed in place. Each step is a MaskChange (4 bytes
 * per changed pixel). The oldest steps are let go beyond `limit` (at least 100).
 */
import { type BinaryMask } from '../mask';
import { type MaskChange, reapplyChange, revertChange } from './change';

/** Steps kept per image. */
export const HISTORY_LIMIT = 200;

export interface EditHistory {
  /** Steps applied, oldest first. */
  readonly done: readonly MaskChange[];
  /** Steps undone, the next one to redo last. */
  readonly undone: readonly MaskChange[];
}

export const EMPTY_HISTORY: EditHistory = { done: [], undone: [] };

/** A new step (already applied to the mask): it clears what could be redone. */
export function recordStep(history: EditHistory, change: MaskChange, limit = HISTORY_LIMIT): EditHistory {
  const done = [...history.done, change];
  return { done: done.length > limit ? done.slice(done.length - limit) : done, undone: [] };
}

/** Reverts the last step on `mask`; the same history when there is nothing to undo. */
export function undoStep(history: EditHistory, mask: BinaryMask): EditHistory {
  const last = history.done.at(-1);
  if (!last) return history;
  revertChange(mask, last);
  return { done: history.done.slice(0, -1), undone: [...history.undone, last] };
}

/** Applies the last undone step again; the same history when there is nothing to redo. */
export function redoStep(history: EditHistory, mask: BinaryMask): EditHistory {
  const next = history.undone.at(-1);
  if (!next) return history;
  reapplyChange(mask, next);
  return { done: [...history.done, next], undone: history.undone.slice(0, -1) };
}
