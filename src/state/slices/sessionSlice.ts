/**
 * Save session / Open session: the whole study (scans, masks from files, masks corrected here,
 * regions, windows, view and training settings, the model when it is not the bundled one) as one
 * archive (files/sessionArchive.ts), and back. Opening adds to what is loaded and never replaces
 * it: an image already in the list stays as it is, and what could not be opened is named.
 */
import { type StateCreator } from 'zustand/vanilla';
import { archivePath, readSession, SESSION_FORMAT, SESSION_VERSION, type SessionImage, type SessionManifest, writeSession } from '../../files/sessionArchive';
import { OVERLAY_STYLES, type OverlayStyle, PALETTES, type PaletteName } from '../../image/overlay';
import { METADATA_FILE } from '../../model/metadata';
import { WEIGHTS_FILE } from '../../model/layersFiles';
import { isLossName, TRAINING_LIMITS } from '../../model/trainTypes';
import { type Queue } from '../queue';
import { type ImageItem, type MaskEntry, type SourceFile, type Studio, type TrainingSettings } from '../types';

export interface SessionState {
  /** What the last Open session did: how many images it added and what it could not open; or why the file was refused. */
  sessionReport: { readonly ok: boolean; readonly text: string; readonly problems: readonly string[] } | null;
}

export interface SessionActions {
  /** The study as a session archive; null (with `sessionReport` saying why) when it cannot be written. */
  saveSession(): Promise<Uint8Array | null>;
  /** Opens a session archive: adds its images, masks and corrections, its model and settings. */
  openSession(file: SourceFile): Promise<void>;
}

export type SessionSlice = SessionState & SessionActions;

export const INITIAL_SESSION: SessionState = { sessionReport: null };

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const sourceFile = (path: string, bytes: Uint8Array, type = ''): SourceFile => ({ path, size: bytes.length, blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }) });

/** The training settings of a manifest that are valid here, the rest left as they are. */
function trainingSettings(raw: Readonly<Record<string, unknown>>, current: TrainingSettings): TrainingSettings {
  const num = (key: keyof typeof TRAINING_LIMITS) => {
    const v = raw[key];
    const { min, max } = TRAINING_LIMITS[key];
    return typeof v === 'number' && v >= min && v <= max ? v : current[key];
  };
  const bool = (key: 'freezeEncoder' | 'augment') => (typeof raw[key] === 'boolean' ? (raw[key] as boolean) : current[key]);
  return {
    validationPercent: num('validationPercent'),
    epochs: Math.round(num('epochs')),
    batchSize: Math.round(num('batchSize')),
    learningRate: num('learningRate'),
    loss: isLossName(raw.loss) ? raw.loss : current.loss,
    freezeEncoder: bool('freezeEncoder'),
    augment: bool('augment'),
    startFrom: raw.startFrom === 'base' || raw.startFrom === 'current' ? raw.startFrom : current.startFrom,
  };
}

function itemFromSession(image: SessionImage, files: Readonly<Record<string, Uint8Array>>): ImageItem {
  let mask: MaskEntry | null = null;
  if (image.mask) {
    const bytes = files[image.mask.file];
    mask = {
      source: sourceFile(image.mask.path, bytes, 'image/png'),
      origin: image.mask.origin,
      correction: image.mask.correction,
      truth: null,
      error: null,
      histogram: null,
    };
  }
  return {
    id: image.id,
    name: image.name,
    source: sourceFile(image.path, files[image.file]),
    frame: image.frame,
    status: 'waiting',
    error: null,
    raster: null,
    size: null,
    geometry: image.geometry,
    region: image.region,
    window: image.window,
    scan: null,
    segmentation: null,
    uncertainty: null,
    segmentedWith: -1,
    mask,
  };
}

export const createSessionSlice =
  (queue: Queue): StateCreator<Studio, [], [], SessionSlice> =>
  (set, get) => ({
    ...INITIAL_SESSION,

    async saveSession() {
      const { items, library, activeModelId, ready, threshold, opacity, overlay, palette, training } = get();
      const files: Record<string, Uint8Array> = {};
      const images: SessionImage[] = [];
      try {
        for (const [k, item] of items.entries()) {
          const file = archivePath('images', item.source.path);
          files[file] ??= await bytesOf(item.source.blob);
          let mask: SessionImage['mask'] = null;
          if (item.mask) {
            const maskFile = item.mask.origin === 'corrected' ? `corrected/${k + 1}.png` : archivePath('masks', item.mask.source.path);
            files[maskFile] ??= await bytesOf(item.mask.source.blob);
            mask = { file: maskFile, origin: item.mask.origin, path: item.mask.source.path, correction: item.mask.correction };
          }
          images.push({ id: item.id, name: item.name, path: item.source.path, file, frame: item.frame, geometry: item.geometry, region: item.region, window: item.window, mask });
        }
        const active = library.find((e) => e.id === activeModelId);
        let model: SessionManifest['model'] = { name: ready?.model.metadata.name ?? 'model', bundled: true, files: [] };
        if (ready && active?.origin !== 'bundled') {
          const layers = await get().exportLayersFiles();
          if (!layers) throw new Error(get().modelError ?? 'the model in use could not be written');
          files['model/model.json'] = new TextEncoder().encode(layers.modelJson);
          files[`model/${WEIGHTS_FILE}`] = layers.weights;
          files[`model/${METADATA_FILE}`] = new TextEncoder().encode(JSON.stringify(ready.model.metadata));
          model = { name: ready.model.metadata.name, bundled: false, files: ['model/model.json', `model/${WEIGHTS_FILE}`, `model/${METADATA_FILE}`] };
        }
        const manifest: SessionManifest = {
          format: SESSION_FORMAT,
          version: SESSION_VERSION,
          savedAt: new Date().toISOString(),
          model,
          view: { threshold, opacity, overlay, palette },
          training: { ...training.settings },
          images,
        };
        return writeSession(manifest, files);
      } catch (e) {
        set({ sessionReport: { ok: false, text: `The session could not be saved: ${(e as Error).message}`, problems: [] } });
        return null;
      }
    },

    async openSession(file) {
      let read: ReturnType<typeof readSession>;
      try {
        read = readSession(await bytesOf(file.blob), file.path);
      } catch (e) {
        set({ sessionReport: { ok: false, text: (e as Error).message, problems: [] } });
        return;
      }
      const { manifest, files } = read;
      const problems = [...read.problems];
      // The model first: loading one sets the threshold from its metadata, which the session's view then overrides.
      if (manifest.model.files.length > 0) {
        await get().loadModelFiles(manifest.model.files.map((path) => sourceFile(path, files[path])));
        if (get().modelError) problems.push(`the session's model ${manifest.model.name} could not be used (${get().modelError}); the model in use stays`);
      } else if (manifest.model.bundled) {
        // The bundled model of that name (the app ships more than one), else the first.
        const bundledModels = get().library.filter((e) => e.origin === 'bundled');
        const bundled = bundledModels.find((e) => e.name === manifest.model.name) ?? bundledModels[0];
        if (bundled && bundled.id !== get().activeModelId) await get().activateModel(bundled.id);
      }
      const v = manifest.view;
      if (typeof v.threshold === 'number') get().setThreshold(v.threshold);
      if (typeof v.opacity === 'number') get().setOpacity(v.opacity);
      if (OVERLAY_STYLES.includes(v.overlay as OverlayStyle)) get().setOverlay(v.overlay as OverlayStyle);
      if (typeof v.palette === 'string' && v.palette in PALETTES) get().setPalette(v.palette as PaletteName);
      get().setTrainingSettings(trainingSettings(manifest.training, get().training.settings));

      const loaded = new Set(get().items.map((i) => i.id));
      const added: ImageItem[] = [];
      for (const image of manifest.images) {
        if (loaded.has(image.id)) {
          problems.push(`${image.name} is already loaded; the loaded one was kept`);
          continue;
        }
        loaded.add(image.id);
        added.push(itemFromSession(image, files));
      }
      // Later drops pair against these files too, as if they had been dropped.
      queue.addSources([...added.map((i) => i.source), ...added.flatMap((i) => (i.mask?.origin === 'file' ? [i.mask.source] : []))]);
      set((s) => ({ items: [...s.items, ...added], selectedId: s.selectedId ?? added[0]?.id ?? null }));
      const corrected = added.filter((i) => i.mask?.origin === 'corrected').length;
      set({
        sessionReport: {
          ok: true,
          text: `Opened ${file.path}: ${added.length} image${added.length === 1 ? '' : 's'} (${corrected} with a mask corrected here), saved ${manifest.savedAt.slice(0, 16).replace('T', ' ')}.`,
          problems,
        },
      });
      queue.pump();
    },
  });
