/**
 * The engine and its models: start the engine with the initial model, switch models (dropped
 * files, library entries), save to and delete from browser storage, and edit settings. A failed
 * switch leaves the previous model in use and says why; a successful one re-runs every image.
 */
import { type StateCreator } from 'zustand/vanilla';
import { type ModelMetadata } from '../../model/metadata';
import { type LayersFiles } from '../../model/layersFiles';
import { type ModelSource } from '../../model/modelSource';
import { type EngineMemory, type EnginePhase } from '../../worker/engineApi';
import { type Queue } from '../queue';
import { type ModelStorage, type SavedModelSummary, type StudioServices } from '../services';
import { type EngineReady, type EngineStatus, type LibraryEntry, type SourceFile, type Studio } from '../types';

export interface EngineState {
  engine: EngineStatus;
  ready: EngineReady | null;
  library: LibraryEntry[];
  activeModelId: string | null;
  /** A model switch in progress (the current model keeps working meanwhile). */
  modelLoading: { readonly name: string; readonly phase: EnginePhase } | null;
  /** Why the last model switch failed; the previous model is still in use. */
  modelError: string | null;
  /** Bumped whenever the model's answers may change (switch, settings, a trained epoch): images re-run. */
  modelGeneration: number;
  tensorCount: number | null;
  /** tf.memory() of the engine, refreshed with the tensor count. */
  memory: EngineMemory | null;
  /** A one-line notice about the engine (e.g. recovered from a lost GPU device). */
  engineNotice: string | null;
  /** Set when a new deployment is downloaded and waiting; calling it reloads into it. */
  applyUpdate: (() => void) | null;
}

export interface EngineActions {
  startEngine(): Promise<void>;
  /** Loads dropped model files (TF.js or Keras) and switches to them. */
  loadModelFiles(files: readonly SourceFile[]): Promise<void>;
  activateModel(id: string): Promise<void>;
  /** Saves the model in use in this browser; `asNew` keeps any saved model it came from. */
  /** Saves the model in use in this browser; `attribution` replaces the provenance line shown with it (a fine-tuned model is no longer what its base was trained as). */
  saveActiveModel(options?: { readonly asNew?: boolean; readonly name?: string; readonly description?: string; readonly attribution?: string }): Promise<void>;
  /** The model in use as TF.js layers files (null, with modelError set, when it cannot be). */
  exportLayersFiles(): Promise<LayersFiles | null>;
  /** Deletes every saved model and every corrected mask kept in this browser. */
  clearStoredData(): Promise<void>;
  /** What this browser keeps: saved models and corrected masks (counts), for the privacy panel. */
  storedData(): Promise<{ readonly models: number; readonly corrections: number }>;
  deleteSavedModel(id: string): Promise<void>;
  updateModelMetadata(change: Partial<ModelMetadata>): Promise<void>;
  offerUpdate(apply: () => void): void;
  refreshTensorCount(): Promise<void>;
}

export type EngineSlice = EngineState & EngineActions;

export const INITIAL_ENGINE: EngineState = {
  engine: { kind: 'starting', phase: 'backend' },
  ready: null,
  library: [],
  activeModelId: null,
  modelLoading: null,
  modelError: null,
  modelGeneration: 0,
  tensorCount: null,
  memory: null,
  engineNotice: null,
  applyUpdate: null,
};

const savedEntry = (m: SavedModelSummary): LibraryEntry => ({
  id: m.id,
  name: m.name,
  origin: 'saved',
  description: m.description,
  savedAt: m.savedAt,
  source: null,
});

async function readSources(files: readonly SourceFile[]): Promise<ModelSource> {
  return {
    kind: 'files',
    files: await Promise.all(files.map(async (f) => ({ name: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) }))),
  };
}

/** Where a library entry loads from: its source, or its files from browser storage with its saved settings. */
export async function sourceFor(entry: LibraryEntry, storage: ModelStorage): Promise<{ source: ModelSource; metadata: ModelMetadata | null }> {
  if (entry.source) return { source: entry.source, metadata: null };
  const saved = await storage.get(entry.id);
  if (!saved) throw new Error(`the saved model "${entry.name}" is no longer in this browser's storage`);
  return {
    source: {
      kind: 'files',
      files: [
        { name: 'model.json', bytes: new TextEncoder().encode(saved.files.modelJson) },
        { name: 'weights.bin', bytes: saved.files.weights },
      ],
    },
    metadata: saved.metadata,
  };
}

export const createEngineSlice =
  (services: StudioServices, queue: Queue): StateCreator<Studio, [], [], EngineSlice> =>
  (set, get) => {
    /** Numbers the models dropped this session (per store). */
    let sessionCount = 0;
    const rerunAll = queue.pump;

    /** Loads an entry; on success it becomes the active model, on failure the old one stays. */
    async function activate(entry: LibraryEntry, extraEntry: boolean): Promise<boolean> {
      if (get().training.status === 'running' || get().training.status === 'stopping') {
        set({ modelError: 'Stop the fine-tuning before switching models.' });
        return false;
      }
      set({ modelLoading: { name: entry.name, phase: 'model' }, modelError: null });
      try {
        const { source, metadata } = await sourceFor(entry, services.storage);
        const loaded = await services.engine.loadModel(source, metadata, (phase) => set({ modelLoading: { name: entry.name, phase } }));
        set((s) => ({
          ready: s.ready ? { ...s.ready, model: loaded.model, warmUpMs: loaded.warmUpMs } : s.ready,
          library: extraEntry ? [...s.library, { ...entry, name: loaded.model.metadata.name, description: loaded.model.description }] : s.library,
          activeModelId: entry.id,
          modelLoading: null,
          modelGeneration: s.modelGeneration + 1,
          threshold: loaded.model.metadata.threshold,
          defaultGeometry: loaded.model.metadata.geometry,
        }));
        rerunAll();
        return true;
      } catch (e) {
        set({ modelLoading: null, modelError: `Could not use ${entry.name}: ${(e as Error).message}` });
        return false;
      }
    }

    return {
      ...INITIAL_ENGINE,

      async startEngine() {
        set({ engine: { kind: 'starting', phase: 'backend' } });
        try {
          const backend = await services.engine.start(services.forcedBackend, (event) =>
            set((s) => ({ ready: s.ready ? { ...s.ready, backend: event.backend, model: event.model } : s.ready, engineNotice: event.message })),
          );
          const saved = await services.storage.list().catch(() => []);
          const initial: LibraryEntry = {
            id: 'initial',
            name: services.initialModel.name,
            origin: services.initialModel.origin,
            description: '',
            savedAt: null,
            source: services.initialModel.source,
          };
          const others: LibraryEntry[] = (services.otherBundledModels ?? []).map((m) => ({
            id: `bundled:${m.name}`,
            name: m.name,
            origin: 'bundled',
            description: 'shipped with the app; loads when chosen',
            savedAt: null,
            source: m.source,
          }));
          set({ library: [initial, ...others, ...saved.map(savedEntry)] });
          const loaded = await services.engine
            .loadModel(initial.source as ModelSource, null, (phase) => set({ engine: { kind: 'starting', phase } }))
            .catch((e: unknown) => {
              throw new Error(`Could not load ${initial.name}: ${(e as Error).message}`, { cause: e });
            });
          set((s) => ({
            ready: { backend, model: loaded.model, warmUpMs: loaded.warmUpMs },
            engine: { kind: 'ready' },
            activeModelId: initial.id,
            library: s.library.map((e) => (e.id === initial.id ? { ...e, name: loaded.model.metadata.name, description: loaded.model.description } : e)),
            modelGeneration: s.modelGeneration + 1,
            threshold: loaded.model.metadata.threshold,
            defaultGeometry: loaded.model.metadata.geometry,
          }));
        } catch (e) {
          set({ engine: { kind: 'error', message: (e as Error).message } });
          return;
        }
        await get().refreshTensorCount();
        rerunAll();
      },

      async loadModelFiles(files) {
        const name = files.map((f) => f.path.slice(f.path.lastIndexOf('/') + 1)).find((n) => /\.(json|h5|hdf5|keras)$/i.test(n)) ?? 'dropped model';
        const entry: LibraryEntry = {
          id: `session-${++sessionCount}`,
          name,
          origin: 'session',
          description: '',
          savedAt: null,
          source: await readSources(files),
        };
        await activate(entry, true);
      },

      async activateModel(id) {
        const entry = get().library.find((e) => e.id === id);
        if (entry && id !== get().activeModelId) await activate(entry, false);
      },

      async saveActiveModel(options = {}) {
        const { ready, activeModelId, library } = get();
        const active = library.find((e) => e.id === activeModelId);
        if (!ready || !active) return;
        try {
          const files = await services.engine.exportLayersFiles();
          const reuse = active.origin === 'saved' && !options.asNew;
          const id = reuse ? active.id : `saved-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e6).toString(36)}`;
          const savedAt = new Date().toISOString();
          const description = options.description ?? (reuse ? active.description : `${ready.model.description}; saved in this browser`);
          const metadata = { ...ready.model.metadata, name: options.name ?? ready.model.metadata.name, attribution: options.attribution ?? ready.model.metadata.attribution };
          await services.storage.put({ id, name: metadata.name, savedAt, description, metadata, files });
          if (metadata.name !== ready.model.metadata.name || metadata.attribution !== ready.model.metadata.attribution) {
            const model = await services.engine.setMetadata(metadata);
            set((s) => ({ ready: s.ready ? { ...s.ready, model } : s.ready }));
          }
          const entry: LibraryEntry = { id, name: metadata.name, origin: 'saved', description, savedAt, source: null };
          set((s) => ({ library: [...s.library.filter((e) => e.id !== id), entry], activeModelId: id, modelError: null }));
        } catch (e) {
          set({ modelError: `Could not save the model: ${(e as Error).message}` });
        }
      },

      async exportLayersFiles() {
        try {
          return await services.engine.exportLayersFiles();
        } catch (e) {
          set({ modelError: `Could not export the model: ${(e as Error).message}` });
          return null;
        }
      },

      async clearStoredData() {
        await services.storage.clear();
        // Corrected masks are the user's annotations of their scans: deleted with the rest.
        await services.corrections?.clear();
        // A saved model in use stays usable this session, as a session model.
        set((s) => ({
          library: s.library
            .filter((e) => e.origin !== 'saved' || e.id === s.activeModelId)
            .map((e) => (e.origin === 'saved' ? { ...e, origin: 'session' as const, description: `${e.description} (no longer stored)` } : e)),
        }));
      },

      async storedData() {
        const [models, corrections] = await Promise.all([
          services.storage.list().then((l) => l.length).catch(() => 0),
          services.corrections?.count().catch(() => 0) ?? Promise.resolve(0),
        ]);
        return { models, corrections };
      },

      async deleteSavedModel(id) {
        if (id === get().activeModelId) {
          set({ modelError: 'Switch to another model before deleting the one in use.' });
          return;
        }
        await services.storage.remove(id);
        set((s) => ({ library: s.library.filter((e) => e.id !== id) }));
      },

      async updateModelMetadata(change) {
        const { ready, activeModelId, library } = get();
        if (!ready) return;
        const metadata: ModelMetadata = { ...ready.model.metadata, ...change };
        const model = await services.engine.setMetadata(metadata);
        // The class values decide how mask files read as classes: new values mean scoring again.
        const valuesOf = (classes: readonly { value: number }[]) => classes.map((c) => c.value).join(',');
        const inputChanged = metadata.intensity !== ready.model.metadata.intensity || valuesOf(model.classes) !== valuesOf(ready.model.classes);
        set((s) => ({
          ready: s.ready ? { ...s.ready, model } : s.ready,
          threshold: change.threshold ?? s.threshold,
          defaultGeometry: metadata.geometry,
          library: s.library.map((e) => (e.id === activeModelId ? { ...e, name: metadata.name } : e)),
          modelGeneration: inputChanged ? s.modelGeneration + 1 : s.modelGeneration,
        }));
        const active = library.find((e) => e.id === activeModelId);
        if (active?.origin === 'saved') {
          const saved = await services.storage.get(active.id);
          if (saved) await services.storage.put({ ...saved, name: metadata.name, metadata });
        }
        if (inputChanged) rerunAll();
      },

      offerUpdate(apply) {
        set({ applyUpdate: apply });
      },

      async refreshTensorCount() {
        try {
          const memory = await services.engine.memory();
          set({ tensorCount: memory.numTensors, memory });
        } catch {
          set({ tensorCount: null, memory: null });
        }
      },
    };
  };
