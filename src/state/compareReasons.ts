/**
 * Why each compare of the viewer cannot run for an image, in words for a disabled button's
 * reason; null where it can. Returns a fresh object: call it in a memo, not as a store selector.
 */
import { type ImageItem, type LibraryEntry } from './types';

export interface CompareReasons {
  /** Prediction against ground truth. */
  readonly truth: string | null;
  /** The model in use against another one. */
  readonly model: string | null;
}

export function compareReasons(item: ImageItem | null, library: readonly LibraryEntry[], activeModelId: string | null): CompareReasons {
  const none = 'no image is selected';
  const mask = item?.mask ?? null;
  let truth: string | null = null;
  if (!item) truth = none;
  else if (!mask) truth = 'this image has no ground truth: drop its mask to compare';
  else if (mask.error) truth = `its ground truth cannot be used (${mask.error})`;
  else if (!mask.truth) truth = 'its ground truth is still being read';
  const others = library.filter((e) => e.id !== activeModelId).length;
  const model = !item ? none : others === 0 ? 'the app holds one model: drop or save another to compare with' : null;
  return { truth, model };
}
