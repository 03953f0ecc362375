/**
 * The contract between the UI thread and the worker that owns TF.js and the model, declared
 * once: the worker implements `EngineApi` (`engine.ts`), the page and the store's tests call it
 * as an `EngineService` (`client.ts` over Comlink, `inThread.ts` through structuredClone).
 * Only plain data and typed arrays cross it; tensors stay in the worker.
 */
import { type SurfaceDistances } from '../metrics/surfaceDistance';
import { type ThresholdHistogram } from '../metrics/thresholdHistogram';
import { type TruthRef } from './truthCache';
import { type Region } from '../image/geometry';
import { type Raster } from '../image/raster';
import { type IntensityWindow } from '../image/window';
import { type BackendChoice, type BackendName } from '../model/backendNames';
import { type Activation, type ModelMetadata } from '../model/metadata';
import { type ClassInfo } from '../model/classes';
import { type LayersFiles } from '../model/layersFiles';
import { type ModelFormat, type ModelSource } from '../model/modelSource';
import { type ModelKind } from '../ml/segmentationModel';
import { type Segmentation } from '../image/segmentation';
import { type BinaryMask } from '../image/mask';
import { type LabelMap } from '../image/labelMap';
import { type ClassSurface } from '../metrics/multiClass';
import { type AngleOfProgression } from '../metrics/angleOfProgression';
import { type BiometrySummary, type PixelSize } from '../metrics/biometry';
import { type BatchReport, type EpochReport, type LossName, type TrainData, type TrainOptions } from '../model/trainTypes';


export interface ModelInfo {
  readonly metadata: ModelMetadata;
  readonly kind: ModelKind;
  readonly format: ModelFormat;
  readonly description: string;
  readonly size: number;
  readonly channels: 1 | 3;
  readonly outputChannels: number;
  /** How the output is read and the foreground classes (one for a binary model). */
  readonly activation: Activation;
  readonly classes: readonly ClassInfo[];
  readonly parameterCount: number;
  /** Why this model cannot be fine-tuned or saved as a layers model; null when it can. */
  readonly notTrainable: string | null;
  /** Why the running backend cannot train at all (WASM); null when it can. */
  readonly trainingUnsupported: string | null;
}

export type EnginePhase = 'backend' | 'model' | 'warm-up';

export interface LoadedModelInfo {
  readonly model: ModelInfo;
  readonly warmUpMs: number;
}

export type TrainProgress = ({ readonly kind: 'batch' } & BatchReport) | ({ readonly kind: 'epoch' } & EpochReport);

export interface TrainSummary {
  readonly epochs: EpochReport[];
  readonly stopped: boolean;
}

export interface EngineApi {
  /** Fine-tunes the current model in place; reports each batch and epoch. */
  train(data: TrainData, options: TrainOptions, onProgress: (progress: TrainProgress) => void): Promise<TrainSummary>;
  /** Asks a running training to stop after its current batch. */
  stopTraining(): void;
  /** Milliseconds of one training step (forward and backward) of the current model at this batch size; the weights are not changed. */
  timeTrainingStep(batchSize: number, loss: LossName): Promise<number>;
  /** Chooses the backend; `onRecovered` hears of a backend restarted after a lost GPU device. */
  start(forcedBackend: BackendName | null, onRecovered: (event: RecoveryEvent) => void): Promise<BackendChoice>;
  /** Test and drill hook: destroys the WebGPU device as a driver reset would; false off WebGPU. */
  simulateDeviceLoss(): boolean;
  /** Loads, checks and warms up a model; the previous one stays in use if anything fails. */
  loadModel(source: ModelSource, metadata: ModelMetadata | null, onPhase: (phase: EnginePhase) => void): Promise<LoadedModelInfo>;
  setMetadata(metadata: ModelMetadata): Promise<ModelInfo>;
  exportLayersFiles(): Promise<LayersFiles>;
  segment(raster: Raster, region: Region, window: IntensityWindow): Promise<Segmentation>;
  /**
   * Runs another model on one image (the viewer's two-model compare); the current model stays in
   * use. The engine keeps one such model loaded, by `key`, so moving between images does not load it again.
   */
  segmentWithOther(key: string, source: ModelSource, metadata: ModelMetadata | null, raster: Raster, region: Region, window: IntensityWindow): Promise<OtherSegmentation>;
  /** tf.memory() in plain numbers, for diagnostics. */
  memory(): EngineMemory;
}

/** Another model's answer for one image, with what the page needs to draw and score it. */
export interface OtherSegmentation {
  readonly segmentation: Segmentation;
  readonly name: string;
  readonly classes: readonly ClassInfo[];
  readonly threshold: number;
}

export interface RecoveryEvent {
  readonly backend: BackendChoice;
  readonly model: ModelInfo;
  readonly message: string;
}

export interface EngineMemory {
  readonly numTensors: number;
  readonly numBytes: number;
  /** Bytes held on the GPU by the backend, where it reports them. */
  readonly numBytesInGPU: number | null;
}

export interface DecoderApi {
  decode(bytes: Uint8Array, frame: number): Promise<Raster>;
  /** A mask file read as foreground/background (image/mask.ts maskFromRaster), so a 144-megapixel mask is read off the page's thread. */
  decodeMask(bytes: Uint8Array, frame: number): Promise<BinaryMask>;
}

/** What the measuring worker is given: a segmentation at the image's size (px), a threshold, and optionally the ground truth and pixel size. */
export interface BiometryRequest {
  readonly segmentation: Segmentation;
  readonly width: number;
  readonly height: number;
  readonly threshold: number;
  readonly truth: BinaryMask | null;
  readonly pixelSize: PixelSize | null;
}

/** The model's mask at a threshold against a ground truth, for HD95 and ASSD (metrics/surfaceDistance.ts). */
export interface BoundaryRequest {
  readonly segmentation: Segmentation;
  readonly width: number;
  readonly height: number;
  readonly threshold: number;
  readonly truth: BinaryMask;
  /** Row and column spacing in mm (DICOM order), or null: pixels only. */
  readonly spacing: readonly [number, number] | null;
}

export interface BoundaryDistances {
  readonly px: SurfaceDistances | null;
  readonly mm: SurfaceDistances | null;
}

/** A multi-class segmentation's label map (image/segmentation.ts labelsOnImage) against ground-truth class indices, for each class's HD95 and ASSD. */
export interface ClassBoundaryRequest {
  readonly segmentation: Segmentation;
  readonly threshold: number;
  readonly truth: LabelMap;
  /** C, background included. */
  readonly classes: number;
  /** Row and column spacing in mm (DICOM order), or null: pixels only. */
  readonly spacing: readonly [number, number] | null;
}

/** The angle of progression of a multi-class segmentation (classes 1 = pubic symphysis, 2 = fetal head) and, with them, of the ground truth's classes. */
export interface AopRequest {
  readonly segmentation: Segmentation;
  readonly threshold: number;
  readonly width: number;
  readonly height: number;
  readonly truth: LabelMap | null;
  /** Row and column spacing in mm: the angle is measured in physical space; null: square pixels. */
  readonly spacing: readonly [number, number] | null;
}

export interface AopResult {
  readonly predicted: AngleOfProgression | null;
  readonly truth: AngleOfProgression | null;
}

/** The model's probabilities at every pixel of the image against its ground truth, binned by threshold (metrics/thresholdHistogram.ts). */
export interface HistogramRequest {
  readonly segmentation: Segmentation;
  readonly truth: BinaryMask;
}

export interface MeasureApi {
  histogram(request: HistogramRequest): Promise<ThresholdHistogram>;
  biometry(request: BiometryRequest): Promise<BiometrySummary>;
  boundary(request: BoundaryRequest): Promise<BoundaryDistances>;
  classBoundary(request: ClassBoundaryRequest): Promise<ClassSurface[]>;
  angleOfProgression(request: AopRequest): Promise<AopResult>;
}

/** A request as it crosses to the measuring worker: its ground truth by number after the first time (truthCache.ts). */
export type OnWire<R> = R extends { readonly truth: infer T } ? Omit<R, 'truth'> & { readonly truth: TruthRef<NonNullable<T>> | null } : R;

/** The measuring worker's side of the boundary: `MeasureApi` with each request's truth on the wire. */
export type MeasureWire = { readonly [K in keyof MeasureApi]: (request: OnWire<Parameters<MeasureApi[K]>[0]>) => ReturnType<MeasureApi[K]> };

/** An API as seen from another thread: every call answers with a promise of a copy. */
export type Remote<T> = { readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never };

/** The engine as the store uses it (the device-loss drill stays a test hook of `client.ts`). */
export type EngineService = Remote<Omit<EngineApi, 'simulateDeviceLoss'>>;

export type DecoderService = Remote<DecoderApi>;
