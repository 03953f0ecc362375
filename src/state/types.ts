/** Shapes of the app state: what the UI reads, what actions change it. */
import { type GeometryMode, type Region } from '../image/geometry';
import { type BinaryMask } from '../image/mask';
import { type Raster } from '../image/raster';
import { type ThresholdHistogram } from '../metrics/thresholdHistogram';
import { type EnginePhase, type EngineReady, type Segmentation } from '../worker/engineApi';

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
}

export interface ImageItem {
  readonly id: string;
  readonly name: string;
  readonly source: SourceFile;
  readonly status: ItemStatus;
  readonly error: string | null;
  readonly raster: Raster | null;
  readonly geometry: GeometryMode;
  readonly region: Region | null;
  readonly segmentation: Segmentation | null;
  /** Model generation the segmentation came from; stale ones are re-run. */
  readonly segmentedWith: number;
  /** The region the segmentation was computed for (same object as `region` when current). */
  readonly segmentedRegion: Region | null;
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

export type OverlayMode = 'fill' | 'outline' | 'heatmap' | 'errors';

export const OVERLAY_MODES: readonly OverlayMode[] = ['fill', 'outline', 'heatmap', 'errors'];

export interface StudioState {
  engine: EngineStatus;
  ready: EngineReady | null;
  modelGeneration: number;
  tensorCount: number | null;
  items: ImageItem[];
  unpaired: UnpairedFile[];
  selectedId: string | null;
  threshold: number;
  opacity: number;
  overlay: OverlayMode;
  /** Geometry new images start in (from the model's metadata until the user picks). */
  defaultGeometry: GeometryMode;
}

export interface StudioActions {
  startEngine(): Promise<void>;
  addFiles(files: readonly SourceFile[]): void;
  removeItem(id: string): void;
  clearItems(): void;
  select(id: string | null): void;
  selectNext(step: 1 | -1): void;
  setThreshold(value: number): void;
  setOpacity(value: number): void;
  setOverlay(mode: OverlayMode): void;
  setGeometry(id: string, mode: GeometryMode): void;
  setRegion(id: string, region: Region): void;
  resegment(id: string): void;
  refreshTensorCount(): Promise<void>;
}

export type Studio = StudioState & StudioActions;
