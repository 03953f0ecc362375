/**
 * The image list as a review queue: the order it is shown in (by name, as dropped, worst Dice
 * first, most uncertain first), which images it shows (by where their mask came from), and the
 * next image a reviewer should look at. Pure functions of the items; the list, j/k and `n` use
 * the same order so the keys follow what the user sees.
 */
import { pairDice } from './selectors';
import { type ImageItem } from './types';

export const LIST_ORDERS = ['name', 'added', 'dice', 'uncertainty'] as const;
export type ListOrder = (typeof LIST_ORDERS)[number];
export const LIST_ORDER_LABELS: Readonly<Record<ListOrder, string>> = {
  name: 'Name',
  added: 'As dropped',
  dice: 'Dice, worst first',
  uncertainty: 'Most uncertain first',
};

export const LIST_FILTERS = ['all', 'not-reviewed', 'corrected', 'file'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];
export const LIST_FILTER_LABELS: Readonly<Record<ListFilter, string>> = {
  all: 'All',
  'not-reviewed': 'Not reviewed',
  corrected: 'Corrected here',
  file: 'Mask from a file',
};

/** Where an image stands in review: no mask yet, a mask corrected here, or a mask from a file. */
export function reviewStatus(item: ImageItem): Exclude<ListFilter, 'all'> {
  if (!item.mask) return 'not-reviewed';
  return item.mask.origin === 'corrected' ? 'corrected' : 'file';
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** Sorts with the items that have no value last, then by name (stable and predictable). */
function sortBy(items: readonly ImageItem[], value: (item: ImageItem) => number | null): ImageItem[] {
  return [...items].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? byName.compare(a.name, b.name) : va === null ? 1 : -1;
    return va - vb || byName.compare(a.name, b.name);
  });
}

/**
 * The items in the order and with the filter asked for. `dice` puts the lowest Dice at the
 * threshold first (images without a scored mask last); `uncertainty` puts the largest share of
 * undecided pixels (probability in [0.1, 0.9]) first, ties by mean entropy (images not yet
 * segmented last); `name` compares numbers inside names by value (scan2 before scan10).
 */
export function orderedItems(items: readonly ImageItem[], order: ListOrder, filter: ListFilter, threshold: number): ImageItem[] {
  const shown = filter === 'all' ? items : items.filter((i) => reviewStatus(i) === filter);
  if (order === 'added') return [...shown];
  if (order === 'name') return [...shown].sort((a, b) => byName.compare(a.name, b.name) || byName.compare(a.id, b.id));
  if (order === 'dice') return sortBy(shown, (i) => pairDice(i, threshold));
  return sortBy(shown, (i) => (i.uncertainty ? -(i.uncertainty.uncertainShare + i.uncertainty.meanEntropy * 1e-6) : null));
}

/**
 * The next image to review: among images with no mask yet, the most uncertain one after the
 * selected image in that order (wrapping round), so pressing the key again moves on; null when
 * every image has a mask or none is segmented yet.
 */
export function nextToReview(items: readonly ImageItem[], selectedId: string | null): string | null {
  const queue = orderedItems(items, 'uncertainty', 'not-reviewed', 0).filter((i) => i.uncertainty !== null);
  if (queue.length === 0) return null;
  const at = queue.findIndex((i) => i.id === selectedId);
  return queue[(at + 1) % queue.length].id;
}
