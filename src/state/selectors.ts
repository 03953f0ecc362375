/** Derived values the UI reads: per-item scores at the current threshold and their mean. */
import { confusionFromHistogram } from '../metrics/thresholdHistogram';
import { meanScores, type Scores, scoresFromConfusion } from '../metrics/scores';
import { type ImageItem, type StudioState } from './types';

export function itemScores(item: ImageItem, threshold: number): Scores | null {
  const histogram = item.mask?.histogram;
  return histogram ? scoresFromConfusion(confusionFromHistogram(histogram, threshold)) : null;
}

export function meanOverPairs(state: Pick<StudioState, 'items' | 'threshold'>): { scores: Scores | null; count: number } {
  const all = state.items.map((i) => itemScores(i, state.threshold)).filter((s): s is Scores => s !== null);
  return { scores: meanScores(all), count: all.length };
}

export function selectedItem(state: Pick<StudioState, 'items' | 'selectedId'>): ImageItem | null {
  return state.items.find((i) => i.id === state.selectedId) ?? null;
}

export function progress(state: Pick<StudioState, 'items'>): { done: number; total: number } {
  return { done: state.items.filter((i) => i.status === 'done' || i.status === 'error').length, total: state.items.length };
}
