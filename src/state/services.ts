/** What the store needs from the outside world; the app passes worker clients and IndexedDB, tests may pass anything real. */
import { type Region } from '../image/geometry';
import { type Raster } from '../image/raster';
import { type IntensityWindow } from '../image/window';
import { type BackendChoice } from '../ml/backendNames';
import { type ModelMetadata } from '../ml/metadata';
import { type LayersFiles } from '../ml/model-io/layersFiles';
import { type ModelSource } from '../ml/model-io/modelSource';
import { type TrainData, type TrainOptions } from '../ml/trainTypes';
import { type EngineMemory, type EnginePhase, type LoadedModelInfo, type RecoveryEvent, type ModelInfo, type Segmentation, type TrainProgress, type TrainSummary } from '../worker/engineApi';

/** A model kept in the browser: TF.js layers files plus its settings. */
export interface SavedModel {
  readonly id: string;
  readonly name: string;
  readonly savedAt: string;
  readonly description: string;
  readonly metadata: ModelMetadata;
  readonly files: LayersFiles;
}

export type SavedModelSummary = Omit<SavedModel, 'files'>;

export interface ModelStorage {
  list(): Promise<SavedModelSummary[]>;
  get(id: string): Promise<SavedModel | null>;
  put(model: SavedModel): Promise<void>;
  remove(id: string): Promise<void>;
  /** Deletes everything the app stored in this browser. */
  clear(): Promise<void>;
}

export interface StudioServices {
  /** `onRecovered` hears of a backend restarted (and the model reloaded) after a lost GPU device. */
  startBackend(onRecovered: (event: RecoveryEvent) => void): Promise<BackendChoice>;
  loadModel(source: ModelSource, metadata: ModelMetadata | null, onPhase: (phase: EnginePhase) => void): Promise<LoadedModelInfo>;
  setMetadata(metadata: ModelMetadata): Promise<ModelInfo>;
  exportLayersFiles(): Promise<LayersFiles>;
  segment(raster: Raster, region: Region, window: IntensityWindow): Promise<Segmentation>;
  train(data: TrainData, options: TrainOptions, onProgress: (progress: TrainProgress) => void): Promise<TrainSummary>;
  stopTraining(): Promise<void>;
  memory(): Promise<EngineMemory>;
  /** Decodes one frame (DICOM) or page (TIFF) of a file; 0 for other images. */
  decode(bytes: Uint8Array, frame: number): Promise<Raster>;
  storage: ModelStorage;
  /** The model the app starts with (the bundled one, or `?model=`). */
  readonly initialModel: { readonly name: string; readonly source: ModelSource; readonly origin: 'bundled' | 'session' };
}
