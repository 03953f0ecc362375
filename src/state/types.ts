/** Shapes of the app state: what the UI reads, what actions change it. */
import { type GeometryMode, type Region } from '../image/geometry';
import { type BinaryMask } from '../image/mask';
import { type MaskReading } from '../image/maskReading';
import { type OverlayStyle, type PaletteName } from '../image/overlay';
import { type Raster, type ScanInfo } from '../image/raster';
import { type IntensityWindow } from '../image/window';
import { type ThresholdHistogram } from '../metrics/thresholdHistogram';
import { type ModelMetadata } from '../model/metadata';
import { type LayersFiles } from '../model/layersFiles';
import { type ModelSource } from '../model/modelSource';
import { type EpochReport, type LossName } from '../model/trainTypes';
import { type Segmentation } from '../image/segmentation';
import { type BackendChoice } from '../model/backendNames';
import { type EngineMemory, type EnginePhase, type ModelInfo } from '../worker/engineApi';

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
  readonly message: string | null;
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

export interface MaskEntry {
  readonly source: SourceFile;
  readonly truth: BinaryMask | null;
  /** Why the mask cannot be scored (corrupt, wrong size); the prediction still shows. */
  readonly error: string | null;
  readonly histogram: ThresholdHistogram | null;
  /** How the file's values were read as foreground (binary, soft, label map), once decoded; kept when pixels are let go. */
  readonly reading?: MaskReading;
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

export interface StudioState {
  engine: EngineStatus;
  ready: EngineReady | null;
  library: LibraryEntry[];
  activeModelId: string | null;
  /** A model switch in progress (the current model keeps working meanwhile). */
  modelLoading: { readonly name: string; readonly phase: EnginePhase } | null;
  /** Why the last model switch failed; the previous model is still in use. */
  modelError: string | null;
  modelGeneration: number;
  tensorCount: number | null;
  /** tf.memory() of the engine, refreshed with the tensor count. */
  memory: EngineMemory | null;
  items: ImageItem[];
  unpaired: UnpairedFile[];
  selectedId: string | null;
  threshold: number;
  opacity: number;
  overlay: OverlayStyle;
  palette: PaletteName;
  /** Geometry new images start in (from the model's metadata until the user picks). */
  defaultGeometry: GeometryMode;
  training: TrainingState;
  /** A one-line notice about the engine (e.g. recovered from a lost GPU device). */
  engineNotice: string | null;
  /** Set when a new deployment is downloaded and waiting; calling it reloads into it. */
  applyUpdate: (() => void) | null;
}

export interface StudioActions {
  startEngine(): Promise<void>;
  /** Loads dropped model files (TF.js or Keras) and switches to them. */
  loadModelFiles(files: readonly SourceFile[]): Promise<void>;
  activateModel(id: string): Promise<void>;
  /** Saves the model in use in this browser; `asNew` keeps any saved model it came from. */
  saveActiveModel(options?: { readonly asNew?: boolean; readonly name?: string; readonly description?: string }): Promise<void>;
  /** The model in use as TF.js layers files (null, with modelError set, when it cannot be). */
  exportLayersFiles(): Promise<LayersFiles | null>;
  offerUpdate(apply: () => void): void;
  /** Deletes every model saved in this browser (the model in use stays loaded for this session). */
  clearStoredData(): Promise<void>;
  setTrainingSettings(change: Partial<TrainingSettings>): void;
  startTraining(): Promise<void>;
  stopTraining(): void;
  /** Switches back to the model the last fine-tuning started from. */
  revertToBase(): Promise<void>;
  deleteSavedModel(id: string): Promise<void>;
  updateModelMetadata(change: Partial<ModelMetadata>): Promise<void>;
  addFiles(files: readonly SourceFile[]): void;
  removeItem(id: string): void;
  clearItems(): void;
  select(id: string | null): void;
  selectNext(step: 1 | -1): void;
  setThreshold(value: number): void;
  setOpacity(value: number): void;
  setOverlay(mode: OverlayStyle): void;
  setPalette(palette: PaletteName): void;
  setGeometry(id: string, mode: GeometryMode): void;
  setRegion(id: string, region: Region): void;
  /** Changes an image's intensity window (what the view shows and the model sees); null: the file's default. */
  setWindow(id: string, window: IntensityWindow | null): void;
  resegment(id: string): void;
  refreshTensorCount(): Promise<void>;
}

export type Studio = StudioState & StudioActions;
