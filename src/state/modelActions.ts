/**
 * The model library's actions: start the engine with the initial model, switch models (dropped
 * files, library entries), save to and delete from browser storage, and edit settings. A failed
 * switch leaves the previous model in use and says why; a successful one re-runs every image.
 */
import { type ModelMetadata } from '../model/metadata';
import { type ModelSource } from '../model/modelSource';
import { type ModelStorage, type SavedModelSummary, type StudioServices } from './services';
import { type LibraryEntry, type SourceFile, type Studio, type StudioActions } from './types';

type Set = (partial: Partial<Studio> | ((s: Studio) => Partial<Studio>)) => void;
type Get = () => Studio;

const savedEntry = (m: SavedModelSummary): LibraryEntry => ({
  id: m.id,
  name: m.name,
  origin: 'saved',
  description: m.description,
  savedAt: m.savedAt,
  source: null,
});

let sessionCount = 0;

async function readSources(files: readonly SourceFile[]): Promise<ModelSource> {
  return {
    kind: 'files',
    files: await Promise.all(files.map(async (f) => ({ name: f.path, bytes: new Uint8Array(await f.blob.arrayBuffer()) }))),
  };
}

async function sourceFor(entry: LibraryEntry, storage: ModelStorage): Promise<{ source: ModelSource; metadata: ModelMetadata | null }> {
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

type ModelActions = Pick<
  StudioActions,
  'startEngine' | 'loadModelFiles' | 'activateModel' | 'saveActiveModel' | 'deleteSavedModel' | 'updateModelMetadata' | 'exportLayersFiles' | 'clearStoredData'
>;

export { type ModelActions };

export function createModelActions(set: Set, get: Get, services: StudioServices, rerunAll: () => void): ModelActions {
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
        set({ library: [initial, ...saved.map(savedEntry)] });
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
        const metadata = { ...ready.model.metadata, name: options.name ?? ready.model.metadata.name };
        await services.storage.put({ id, name: metadata.name, savedAt, description, metadata, files });
        if (metadata.name !== ready.model.metadata.name) {
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
      // A saved model in use stays usable this session, as a session model.
      set((s) => ({
        library: s.library
          .filter((e) => e.origin !== 'saved' || e.id === s.activeModelId)
          .map((e) => (e.origin === 'saved' ? { ...e, origin: 'session' as const, description: `${e.description} (no longer stored)` } : e)),
      }));
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
      const inputChanged = metadata.intensity !== ready.model.metadata.intensity;
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
  };
}
