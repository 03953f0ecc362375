/** Plain data of fine-tuning (no TF.js), shared by the worker, the store and the UI. */
import { type AugmentOptions } from './augmentOptions';

/**
 * The training losses, the binary default first; `ml/losses.ts` has one function per name. Each
 * works on either kind of model:
 * - `'bce+dice'`: binary cross-entropy per output channel + soft Dice (the binary default);
 * - `'dice'`: soft Dice alone (a multi-class model: the mean over its foreground classes);
 * - `'ce+dice'`: categorical cross-entropy over all classes + soft Dice averaged over the
 *   foreground classes (the multi-class default). On a one-channel sigmoid model it is the same as
 *   `'bce+dice'` (two-class cross-entropy is binary cross-entropy).
 */
export const LOSS_NAMES = ['bce+dice', 'dice', 'ce+dice'] as const;

export type LossName = (typeof LOSS_NAMES)[number];

/** How the app's training panel names each loss. */
export const LOSS_LABELS: Readonly<Record<LossName, string>> = { 'bce+dice': 'BCE + Dice', dice: 'Dice', 'ce+dice': 'Cross-entropy + Dice (multi-class)' };

/** The losses that suit a model with `classes` classes (background included; 2 = binary), its default first. */
export function lossNamesFor(classes: number): readonly LossName[] {
  return classes > 2 ? ['ce+dice', 'dice'] : ['bce+dice', 'dice'];
}

export function isLossName(value: unknown): value is LossName {
  return (LOSS_NAMES as readonly unknown[]).includes(value);
}

/**
 * The range of each numeric training setting: the panel's inputs, an opened session and the
 * training command lines (npm run train, train:browser) all keep to it.
 */
export const TRAINING_LIMITS = {
  validationPercent: { min: 0, max: 90 },
  epochs: { min: 1, max: 500 },
  batchSize: { min: 1, max: 64 },
  learningRate: { min: 1e-6, max: 1e-1 },
} as const;

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly loss: LossName;
  readonly freezeEncoder: boolean;
  readonly augmentation: AugmentOptions;
  readonly seed: number;
  /**
   * Per-class weights, background first (length = TrainData.classes), for a multi-class model:
   * the cross-entropy weighs each pixel by its true class's weight (normalised by the sum of those
   * weights), and the Dice term is the weighted mean over the foreground classes. Absent: all 1.
   */
  readonly classWeights?: readonly number[];
}

export interface TrainData {
  /** [count, size, size, channels] in the model's input range, row-major. */
  readonly images: Float32Array;
  /** [count, size, size, 1] of class indices 0 … classes − 1 (0 = background; binary: 0/1). */
  readonly masks: Float32Array;
  /**
   * Classes including background: 2 = binary (a one-channel sigmoid model, trained as before);
   * C > 2 = a C-channel softmax model (masks are one-hot encoded on the backend).
   */
  readonly classes: number;
  readonly count: number;
  readonly size: number;
  readonly channels: number;
  readonly train: readonly number[];
  readonly validation: readonly number[];
}

export interface BatchReport {
  readonly epoch: number;
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  readonly elapsedMs: number;
}

export interface EpochReport {
  readonly epoch: number;
  readonly trainLoss: number;
  /**
   * Validation Dice at the model's resolution, the mean over the foreground classes (binary: at
   * threshold 0.5; multi-class: of the argmax); null without validation pairs.
   */
  readonly validationDice: number | null;
  /** The same per foreground class (class 1 first; binary: one entry); null without validation pairs. */
  readonly validationDicePerClass: readonly number[] | null;
  readonly seconds: number;
  /** Batches this epoch ran, of `batches`: fewer when Stop ended it part-way. */
  readonly batchesRun: number;
  readonly batches: number;
}

export interface TrainCallbacks {
  onBatch?(report: BatchReport): void;
  onEpoch?(report: EpochReport): Promise<void> | void;
  shouldStop(): boolean;
}

