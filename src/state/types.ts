/** Shapes shared across the store: images, masks, models and training; the slices' own shapes are in state/slices/. */
import { type GeometryMode, type Region } from '../image/geometry';
import { type BinaryMask } from '../image/mask';
import { type MaskReading } from '../image/maskReading';
import { type LabelMap } from '../image/labelMap';
import { type ConfusionMatrix } from '../metrics/multiClass';
import { type Raster, type ScanInfo } from '../image/raster';
import { type IntensityWindow } from '../image/window';
import { type ThresholdHistogram } from '../metrics/thresholdHistogram';
import { type Uncertainty } from '../metrics/uncertainty';
import { type ModelSource } from '../model/modelSource';
import { type EpochReport, type LossName } from '../model/trainTypes';
import { type Segmentation } from '../image/segmentation';
import { type BackendChoice } from '../model/backendNames';
import { type EnginePhase, type ModelInfo } from '../worker/engineApi';
import { type CompareActions, type CompareState } from './slices/compareSlice';
import { type EditingActions, type EditingState } from './slices/editingSlice';
import { type EngineActions, type EngineState } from './slices/engineSlice';
import { type ExportActions } from './slices/exportSlice';
import { type ImagesActions, type ImagesState } from './slices/imagesSlice';
import { type SessionActions, type SessionState } from './slices/sessionSlice';
import { type TrainingActions, type TrainingSliceState } from './slices/trainingSlice';
import { type ViewActions, type ViewState } from './slices/viewSlice';

/** The running backend and model, as the status panel shows them. */
export interface EngineReady {
  readonly backend: BackendChoice;
  readonly model: ModelInfo;
  readonly warmUpMs: number;
}

export type ModelOrigin = 'bundled' | 'session' | 'saved';

export interface TrainingSettings {
  readonly validationPercent: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly loss: LossName;
  readonly freezeEncoder: boolean;
  readonly augment: boolean;
  /**
   * Where a round starts: 'base' trains again from the model the first round started from, over
   * every pair so far (what Cellpose's maintainers advise against drift); 'current' carries on
   * from the weights in use.
   */
  readonly startFrom: 'base' | 'current';
}

/** One finished (or stopped) round of fine-tuning, for the rounds table. */
export interface TrainingRound {
  readonly round: number;
  readonly startFrom: 'base' | 'current';
  readonly modelName: string;
  readonly train: number;
  readonly validation: number;
  /** Pairs whose mask was corrected here, of `train + validation`. */
  readonly corrected: number;
  /** Mean Dice on the validation pairs (workbench metrics) before the round and after it. */
  readonly before: number | null;
  readonly after: number | null;
  readonly seconds: number;
  readonly stopped: boolean;
}

export interface TrainingState {
  readonly status: 'idle' | 'running' | 'stopping' | 'done' | 'error';
  readonly settings: TrainingSettings;
  readonly progress: { readonly epoch: number; readonly epochs: number; readonly batch: number; readonly batches: number; readonly elapsedMs: number } | null;
  /** Loss of every batch of the current run, in order. */
  readonly batchLosses: readonly number[];
  readonly epochs: readonly EpochReport[];
  /** Image ids (paths) in each part of the split. */
  readonly split: { readonly train: readonly string[]; readonly validation: readonly string[] } | null;
  /** Mean Dice (workbench metrics, at the threshold then) before the run, over all pairs and the validation pairs. */
  readonly before: { readonly all: number | null; readonly validation: number | null } | null;
  /** The library entry the run started from, for "revert". */
  readonly baseModelId: string | null;
  /** The model the first round started from: 'base' rounds start from it again. */
  readonly rootModelId: string | null;
  /** Library entries the rounds saved; activating any other model makes it the new root. */
  readonly roundModelIds: readonly string[];
  /** The validation percentage the split was made for; changing it makes a new split. */
  readonly splitPercent: number | null;
  readonly rounds: readonly TrainingRound[];
  readonly message: string | null;
  /** A measured training step of the current model (for the time-per-epoch estimate), with what it was measured at. */
  readonly step: { readonly ms: number; readonly batchSize: number; readonly backend: string; readonly modelGeneration: number } | 'measuring' | null;
}

/** A model the user can switch to: the bundled one, ones loaded this session, ones saved in the browser. */
export interface LibraryEntry {
  readonly id: string;
  readonly name: string;
  readonly origin: ModelOrigin;
  /** Format and provenance in words, e.g. "Keras 2.2.2 .h5, converted to TF.js". */
  readonly description: string;
  readonly savedAt: string | null;
  /** How to load it again (bundled and session models); saved ones load from browser storage. */
  readonly source: ModelSource | null;
}

/** A dropped or picked file: its path within the drop, and a way to read it once needed. */
export interface SourceFile {
  readonly path: string;
  readonly size: number;
  readonly blob: Blob;
}

export type ItemStatus = 'waiting' | 'decoding' | 'segmenting' | 'done' | 'error';

/** Where an image's ground truth came from: a dropped file, or corrected here by hand. */
export type MaskOrigin = 'file' | 'corrected';

export interface MaskEntry {
  /** The mask file; for a corrected mask, its 0/255 PNG made at accept. */
  readonly source: SourceFile;
  readonly origin: MaskOrigin;
  /**
   * For a corrected mask: how much the user changed, as Dice between the model's mask (at the
   * threshold then, whole image) and the accepted one — 1 means the model was right.
   */
  readonly correction: { readonly modelDice: number; readonly threshold: number } | null;
  /** Ground truth pixels; let go with the image's pixels for file masks, always kept for corrected ones. */
  readonly truth: BinaryMask | null;
  /** Why the mask cannot be scored (corrupt, wrong size); the prediction still shows. */
  readonly error: string | null;
  readonly histogram: ThresholdHistogram | null;
  /** How the file's values were read as foreground (binary, soft, label map), once decoded; kept when pixels are let go. */
  readonly reading?: MaskReading;
  /**
   * For a model of several classes: the ground truth as class indices (through the model's class
   * table; image/labelMap.ts); let go with `truth`.
   */
  readonly labels?: LabelMap | null;
  /** The class values `labels` was read with (a model with another class table reads it again). */
  readonly labelsKey?: string;
  /** Why the mask cannot be read as the model's classes (a value no class stands for); its any-class Dice still counts. */
  readonly labelsError?: string | null;
  /**
   * For a model of several classes: the (C × C, row-major, true × predicted) confusion matrix of
   * the model's label map against `labels` (metrics/multiClass.ts), and the threshold it was
   * decoded at (multi-label sigmoid models; a softmax's argmax has none).
   */
  readonly classConfusion?: { readonly matrix: ConfusionMatrix; readonly threshold: number } | null;
}

export interface ImageItem {
  readonly id: string;
  readonly name: string;
  readonly source: SourceFile;
  /** Which frame (DICOM) or page (TIFF) of the file, 0-based; null until a file shows it has several. */
  readonly frame: number | null;
  readonly status: ItemStatus;
  readonly error: string | null;
  /** Decoded pixels: kept for the selected and recently processed images only, decoded again when needed. */
  readonly raster: Raster | null;
  /** The image's size, known once it has been decoded (kept when the pixels are let go). */
  readonly size: { readonly width: number; readonly height: number } | null;
  readonly geometry: GeometryMode;
  readonly region: Region | null;
  /** DICOM/TIFF facts, kept when the pixels are let go (export needs spacing and UIDs). */
  readonly scan: ScanInfo | null;
  /** The intensity window for display and model input; set from the file when first decoded. */
  readonly window: IntensityWindow | null;
  readonly segmentation: Segmentation | null;
  /**
   * How unsure the model is on this image (metrics/uncertainty.ts, over its own grid cells on the
   * image), for the review queue; null until segmented.
   */
  readonly uncertainty: Uncertainty | null;
  /** Model generation the segmentation came from; stale ones are re-run. */
  readonly segmentedWith: number;
  readonly mask: MaskEntry | null;
}

export interface UnpairedFile {
  readonly path: string;
  readonly reason: string;
}

export type EngineStatus =
  | { readonly kind: 'starting'; readonly phase: EnginePhase }
  | { readonly kind: 'ready' }
  | { readonly kind: 'error'; readonly message: string };

/** The whole store: one slice per concern (state/slices/), plus `reset`. */
export type StudioState = EngineState & ImagesState & ViewState & TrainingSliceState & EditingState & SessionState & CompareState;

export type StudioActions = EngineActions &
  ImagesActions &
  ViewActions &
  TrainingActions &
  EditingActions &
  SessionActions &
  ExportActions &
  CompareActions & {
    /** Back to the state of a fresh store: no images, no models listed, engine starting (the worker keeps its model). */
    reset(): void;
  };

export type Studio = StudioState & StudioActions;
