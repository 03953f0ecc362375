/**
 * The app's one zustand store, built by a factory that takes its services (worker clients in
 * the app), so the same store runs against real workers in the browser and in tests.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { clampCropRegion, defaultRegion } from '../image/geometry';
import { type Raster } from '../image/raster';
import { defaultWindow } from '../image/window';
import { THRESHOLD_STEPS } from '../metrics/thresholdHistogram';
import { mergeDrop } from './itemsFromFiles';
import { createModelActions } from './modelActions';
import { createTrainingActions, IDLE_TRAINING } from './trainingActions';
import { needsWork, processItem, releasePixels } from './processing';
import { type StudioServices } from './services';
import { type ImageItem, type SourceFile, type Studio, type StudioState } from './types';

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Decoded images kept in memory besides the selected one (a 800×540 scan and mask: ~0.9 MB). */
export const KEEP_DECODED = 16;

const initialState: StudioState = {
  engine: { kind: 'starting', phase: 'backend' },
  ready: null,
  library: [],
  activeModelId: null,
  modelLoading: null,
  modelError: null,
  modelGeneration: 0,
  tensorCount: null,
  memory: null,
  items: [],
  unpaired: [],
  selectedId: null,
  threshold: 0.5,
  opacity: 0.5,
  overlay: 'fill',
  palette: 'okabe-ito',
  defaultGeometry: 'fit',
  training: IDLE_TRAINING,
  applyUpdate: null,
  engineNotice: null,
};

export function createStudioStore(services: StudioServices): StoreApi<Studio> {
  let sources: SourceFile[] = [];
  let pumping = false;
  /** Image ids, least recently processed or viewed first, for letting go of pixels. */
  let recent: string[] = [];
  const touch = (id: string) => {
    recent = [...recent.filter((r) => r !== id), id];
  };

  return createStore<Studio>()((set, get) => {
    const patch = (id: string, change: (item: ImageItem) => Partial<ImageItem>) =>
      set((s) => ({ items: s.items.map((item) => (item.id === id ? { ...item, ...change(item) } : item)) }));

    const expandFrames = (id: string, raster: Raster) => {
      const frames = raster.scan?.frames ?? 1;
      set((s) => {
        const index = s.items.findIndex((i) => i.id === id);
        if (index < 0) return {};
        const item = s.items[index];
        const perFrame = Array.from({ length: frames }, (_, f): ImageItem => ({
          ...item,
          id: `${item.id}#${f + 1}`,
          name: `${item.name}#${f + 1}`,
          frame: f,
          status: 'waiting',
          raster: f === 0 ? raster : null,
          size: { width: raster.width, height: raster.height },
          region: defaultRegion(item.geometry, raster.width, raster.height),
          window: defaultWindow(raster),
          scan: f === 0 ? (raster.scan ?? null) : null,
        }));
        const items = [...s.items.slice(0, index), ...perFrame, ...s.items.slice(index + 1)];
        return { items, selectedId: s.selectedId === id ? perFrame[0].id : s.selectedId };
      });
    };

    /** One item at a time, the selected one first, until nothing needs work. */
    async function pump(): Promise<void> {
      if (pumping || get().engine.kind !== 'ready') return;
      pumping = true;
      try {
        for (;;) {
          const { items, selectedId, modelGeneration } = get();
          const pending = items.filter((i) => needsWork(i, modelGeneration));
          if (pending.length === 0) break;
          const next = pending.find((i) => i.id === selectedId) ?? pending[0];
          await processItem(next.id, get, patch, services, expandFrames);
          touch(next.id);
          set((s) => ({ items: releasePixels(s.items, recent, s.selectedId, KEEP_DECODED) }));
        }
      } finally {
        pumping = false;
      }
      await get().refreshTensorCount();
    }

    /** A selected image whose pixels were let go is decoded again (its results are kept). */
    const reloadPixels = (id: string | null) => {
      const item = get().items.find((i) => i.id === id);
      if (!id || !item || item.raster || item.status !== 'done') return;
      touch(id);
      patch(id, () => ({ status: 'waiting' }));
      void pump();
    };

    const changeRegion = (id: string, change: (item: ImageItem) => Partial<ImageItem>) => {
      patch(id, (item) => ({ ...change(item), status: item.status === 'error' && !item.size ? 'error' : 'waiting' }));
      void pump();
    };

    return {
      ...initialState,
      ...createModelActions(set, get, services, () => void pump()),
      ...createTrainingActions(set, get, services, () => void pump()),

      addFiles(files) {
        const known = new Set(sources.map((s) => s.path));
        sources = [...sources, ...files.filter((f) => !known.has(f.path))];
        const { items, unpaired } = mergeDrop(get().items, sources, get().defaultGeometry);
        set((s) => ({ items, unpaired, selectedId: s.selectedId ?? items[0]?.id ?? null }));
        void pump();
      },

      removeItem(id) {
        const item = get().items.find((i) => i.id === id);
        if (!item) return;
        const gone = new Set([item.source.path, item.mask?.source.path]);
        sources = sources.filter((s) => !gone.has(s.path));
        set((s) => {
          const items = s.items.filter((i) => i.id !== id);
          const index = s.items.findIndex((i) => i.id === id);
          const selectedId = s.selectedId === id ? (items[Math.min(index, items.length - 1)]?.id ?? null) : s.selectedId;
          return { items, selectedId };
        });
      },

      clearItems() {
        sources = [];
        set({ items: [], unpaired: [], selectedId: null });
      },

      offerUpdate(apply) {
        set({ applyUpdate: apply });
      },

      select(id) {
        set({ selectedId: id });
        reloadPixels(id);
      },

      selectNext(step) {
        const { items, selectedId } = get();
        if (items.length === 0) return;
        const index = items.findIndex((i) => i.id === selectedId);
        const next = items[Math.min(items.length - 1, Math.max(0, index + step))].id;
        set({ selectedId: next });
        reloadPixels(next);
      },

      setThreshold(value) {
        set({ threshold: Math.round(clamp01(value) * THRESHOLD_STEPS) / THRESHOLD_STEPS });
      },

      setOpacity(value) {
        set({ opacity: clamp01(value) });
      },

      setOverlay(mode) {
        set({ overlay: mode });
      },

      setPalette(palette) {
        set({ palette });
      },

      setGeometry(id, mode) {
        changeRegion(id, (item) => ({
          geometry: mode,
          region: item.size ? defaultRegion(mode, item.size.width, item.size.height) : null,
        }));
      },

      setRegion(id, region) {
        changeRegion(id, (item) => ({
          geometry: 'crop',
          region: item.size ? clampCropRegion(region, item.size.width, item.size.height) : null,
        }));
      },

      setWindow(id, window) {
        changeRegion(id, (item) => ({ window: window ?? (item.raster ? defaultWindow(item.raster) : null) }));
      },

      resegment(id) {
        // Stale results: the next pass runs the model again on the same region and window.
        changeRegion(id, () => ({ segmentedWith: -1 }));
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
  });
}
