/** What the store needs from the outside world; the app passes worker clients and IndexedDB, tests may pass anything real. */
import { type BackendName } from '../model/backendNames';
import { type ModelMetadata } from '../model/metadata';
import { type LayersFiles } from '../model/layersFiles';
import { type ModelSource } from '../model/modelSource';
import { type ThresholdHistogram } from '../metrics/thresholdHistogram';
import { type BinaryMask } from '../image/mask';
import { type Segmentation } from '../image/segmentation';
import { type DecoderService, type EngineService } from '../worker/engineApi';

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

/** A corrected mask kept in the browser: a 0/255 PNG at the image's size. */
export interface StoredCorrection {
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly modelDice: number | null;
  readonly threshold: number;
  readonly savedAt: string;
}

/** Corrected masks by image content (storage/correctionKey.ts). */
export interface CorrectionStorage {
  get(key: string): Promise<StoredCorrection | null>;
  put(key: string, correction: StoredCorrection): Promise<void>;
  remove(key: string): Promise<void>;
  /** How many masks are kept, accepted and in progress (for the privacy panel). */
  count(): Promise<number>;
  clear(): Promise<void>;
}

/**
 * The workers as the store calls them (`worker/engineApi.ts` declares the contract once), the
 * model store, and what the page was opened with.
 */
export interface StudioServices {
  readonly engine: EngineService;
  /** Decodes one frame (DICOM) or page (TIFF) of a file; 0 for other images. */
  readonly decode: DecoderService['decode'];
  /** Reads a mask file as a binary mask in the decoder's thread; absent: decoded, then read in the calling thread. */
  readonly decodeMask?: DecoderService['decodeMask'];
  readonly storage: ModelStorage;
  /**
   * The threshold histogram of a segmentation against its ground truth, at every pixel
   * (metrics/thresholdHistogram.ts), off the page's thread; absent: counted in the calling thread.
   */
  readonly histogram?: (segmentation: Segmentation, truth: BinaryMask) => Promise<ThresholdHistogram>;
  /** Where accepted corrections are kept and found again; none: they last for the session only. */
  readonly corrections?: CorrectionStorage;
  /** The backend `?backend=` forces; null to pick the best that works. */
  readonly forcedBackend: BackendName | null;
  /** The model the app starts with (the bundled one, or `?model=`). */
  readonly initialModel: { readonly name: string; readonly source: ModelSource; readonly origin: 'bundled' | 'session' };
  /** Other models shipped with the app: listed in the library, loaded when chosen. */
  readonly otherBundledModels?: ReadonlyArray<{ readonly name: string; readonly source: ModelSource }>;
}
