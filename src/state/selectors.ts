/** Derived values the UI reads: per-item scores at the current threshold, their mean, the pairs fine-tuning can use and its Dice readout. */
import { confusionFromHistogram } from '../metrics/thresholdHistogram';
import { meanScores, type Scores, scoresFromConfusion } from '../metrics/scores';
import { classScores, type ConfusionMatrix, meanScoresPerClass, sumConfusionMatrices } from '../metrics/multiClass';
import { extendSplit, SPLIT_SEED } from '../image/trainingPair';
import { type ImageItem, type StudioState, type TrainingState } from './types';
import { type LossName, lossNamesFor } from '../model/trainTypes';
import { type DiceCurve, meanDiceCurve } from '../metrics/diceCurve';
import { type ThresholdHistogram } from '../metrics/thresholdHistogram';
import { type BatchProgress, batchProgress } from './batchProgress';

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

/** Curves already computed, by items array: a selector must return the same object for the same state. */
const curves = new WeakMap<readonly ImageItem[], DiceCurve | null>();

/**
 * Mean Dice over the scored pairs (the same pairs and figures as `meanOverPairs`) at 101
 * thresholds (metrics/diceCurve.ts), with the best one; null for a model of several classes (a
 * softmax's argmax has no threshold) or without scored pairs. Memoized on `items`, so it is safe
 * as a store selector.
 */
export function diceCurve(state: Pick<StudioState, 'items' | 'ready'>): DiceCurve | null {
  if ((state.ready?.model.classes.length ?? 1) > 1) return null;
  const cached = curves.get(state.items);
  if (cached !== undefined) return cached;
  const histograms = state.items.flatMap((i): ThresholdHistogram[] => (i.mask?.histogram ? [i.mask.histogram] : []));
  const curve = meanDiceCurve(histograms);
  curves.set(state.items, curve);
  return curve;
}

/**
 * The running batch's progress and time left, or null when no pass of the queue is running or
 * nothing is left (state/batchProgress.ts). Returns a new object: call it outside a store selector.
 */
export function runningBatch(state: Pick<StudioState, 'items' | 'batch'>): BatchProgress | null {
  return batchProgress(progress(state), state.batch);
}

/**
 * Pairs that can train: decoded image, readable mask of the right size, a region; for a model of
 * several classes (`multiClass`), masks read as its classes (so not a mask corrected by hand, which
 * is binary, nor one with a value no class stands for).
 */
export function trainablePairs(items: readonly ImageItem[], multiClass = false): ImageItem[] {
  return items.filter((i) => i.size && i.region && i.mask?.histogram && !i.mask.error && (!multiClass || i.mask.classConfusion));
}

/**
 * Dice of one pair as the list, the review queue and the training panel report it: binary Dice;
 * for a model of several classes the mean over the classes scored on it, and none when its mask
 * could not be read as the model's classes (its any-class Dice would be a number that looks right
 * and is not what the model is scored on).
 */
export function pairDice(item: ImageItem, threshold: number): number | null {
  if (item.mask?.labelsError) return null;
  const perClass = itemClassScores(item);
  if (perClass) return meanScores(perClass.filter((s): s is Scores => s !== null))?.dice ?? null;
  return itemScores(item, threshold)?.dice ?? null;
}

function meanDiceOf(items: readonly ImageItem[], ids: ReadonlySet<string> | null, threshold: number): number | null {
  const dice = items.filter((i) => !ids || ids.has(i.id)).map((i) => pairDice(i, threshold)).filter((d): d is number => d !== null);
  return dice.length > 0 ? dice.reduce((a, b) => a + b, 0) / dice.length : null;
}

/** Dice now over all pairs and over the validation pairs of the last split, with the current weights. */
export function currentDice(state: Pick<StudioState, 'items' | 'threshold' | 'training'>): { all: number | null; validation: number | null } {
  const validation = state.training.split ? new Set(state.training.split.validation) : null;
  return {
    all: meanDiceOf(state.items, null, state.threshold),
    validation: validation && validation.size > 0 ? meanDiceOf(state.items, validation, state.threshold) : null,
  };
}

/** The split the next round of fine-tuning uses: the last round's sides kept, unless the validation percentage changed. */
export function nextSplit(training: TrainingState, pairIds: readonly string[]): { train: string[]; validation: string[] } {
  const previous = training.splitPercent === training.settings.validationPercent ? training.split : null;
  return extendSplit(previous, pairIds, training.settings.validationPercent, SPLIT_SEED);
}

/** Per-class scores of one image (foreground classes, index k − 1; null: absent from both sides); null for a binary model or an image not scored per class. */
export function itemClassScores(item: ImageItem): (Scores | null)[] | null {
  const c = item.mask?.classConfusion;
  return c ? classScores(c.matrix).map((k) => k.scores) : null;
}

/**
 * Each class's mean over the pairs it is scored on, the mean of those over the foreground classes
 * (metrics.csv's last row in `npm run segment`), and the pooled confusion matrix; null when no
 * pair is scored per class (a binary model).
 */
export function classMeansOverPairs(items: readonly ImageItem[]): { perClass: (Scores | null)[]; mean: Scores | null; matrix: ConfusionMatrix; count: number } | null {
  const matrices = items.filter((i) => !i.mask?.error).flatMap((i) => (i.mask?.classConfusion ? [i.mask.classConfusion.matrix] : []));
  if (matrices.length === 0) return null;
  const same = matrices.filter((m) => m.classes === matrices[0].classes);
  const perClass = meanScoresPerClass(same.map((m) => classScores(m)));
  return { perClass, mean: meanScores(perClass.filter((s): s is Scores => s !== null)), matrix: sumConfusionMatrices(same), count: same.length };
}

/** The loss a run will use: the chosen one when it suits the model's classes (model/trainTypes.ts lossNamesFor), else the model's default. */
export function trainingLoss(state: Pick<StudioState, 'ready' | 'training'>): LossName {
  const allowed = lossNamesFor((state.ready?.model.classes.length ?? 1) + 1);
  return allowed.includes(state.training.settings.loss) ? state.training.settings.loss : allowed[0];
}

/** An image's pixel spacing in mm (row, column): the file's, else the dropped pixel-size CSV's; null when neither says. */
export function pixelSpacingOf(state: Pick<StudioState, 'pixelSizes'>, item: ImageItem): readonly [number, number] | null {
  return item.scan?.pixelSpacing ?? state.pixelSizes?.table.lookup(item.id)?.spacing ?? null;
}
