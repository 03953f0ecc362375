/** Plain data of fine-tuning (no TF.js), shared by the worker, the store and the UI. */
import { type AugmentOptions } from './augmentOptions';

/** The training losses, the default first; `ml/losses.ts` has one function per name. */
export const LOSS_NAMES = ['bce+dice', 'dice'] as const;

export type LossName = (typeof LOSS_NAMES)[number];

/** How the app's training panel names each loss. */
export const LOSS_LABELS: Readonly<Record<LossName, string>> = { 'bce+dice': 'BCE + Dice', dice: 'Dice' };

export function isLossName(value: unknown): value is LossName {
  return (LOSS_NAMES as readonly unknown[]).includes(value);
}

export interface TrainOptions {
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly loss: LossName;
  readonly freezeEncoder: boolean;
  readonly augmentation: AugmentOptions;
  readonly seed: number;
}

export interface TrainData {
  /** [count, size, size, channels] in the model's input range, row-major. */
  readonly images: Float32Array;
  /** [count, size, size, 1] of 0/1. */
  readonly masks: Float32Array;
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
  /** Mean Dice at threshold 0.5 on the validation pairs at the model's resolution; null without any. */
  readonly validationDice: number | null;
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

