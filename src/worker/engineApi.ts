/**
 * The contract between the UI thread and the worker that owns TF.js and the model.
 * Only plain data and typed arrays cross it; tensors stay in the worker.
 */
import { type Region } from '../image/geometry';
import { type Raster } from '../image/raster';
import { type BackendChoice, type BackendName } from '../ml/backends';
import { type ModelMetadata } from '../ml/metadata';
import { type Segmentation } from '../ml/segmentRaster';

export type { Segmentation } from '../ml/segmentRaster';

export interface EngineStartOptions {
  /** Absolute URL of model.json. */
  readonly modelUrl: string;
  readonly forcedBackend: BackendName | null;
}

export interface ModelInfo {
  readonly url: string;
  readonly metadata: ModelMetadata;
  readonly size: number;
  readonly channels: 1 | 3;
  readonly outputChannels: 1 | 2;
  readonly parameterCount: number;
}

export type EnginePhase = 'backend' | 'model' | 'warm-up';

export interface EngineReady {
  readonly backend: BackendChoice;
  readonly model: ModelInfo;
  readonly warmUpMs: number;
}

export interface EngineApi {
  start(options: EngineStartOptions, onPhase: (phase: EnginePhase) => void): Promise<EngineReady>;
  segment(raster: Raster, region: Region): Promise<Segmentation>;
  tensorCount(): number;
}

export interface DecoderApi {
  decode(bytes: Uint8Array): Promise<Raster>;
}
