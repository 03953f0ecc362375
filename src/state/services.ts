/** What the store needs from the outside world; the app passes worker clients, tests may pass anything real. */
import { type Region } from '../image/geometry';
import { type Raster } from '../image/raster';
import { type EnginePhase, type EngineReady, type Segmentation } from '../worker/engineApi';

export interface StudioServices {
  startEngine(onPhase: (phase: EnginePhase) => void): Promise<EngineReady>;
  segment(raster: Raster, region: Region): Promise<Segmentation>;
  tensorCount(): Promise<number>;
  decode(bytes: Uint8Array): Promise<Raster>;
}
