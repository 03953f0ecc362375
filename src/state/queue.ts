/**
 * The image work queue, outside the store's slices: the files dropped so far, the order images
 * were last used in (to let go of pixels), and the pump that processes one image at a time,
 * the selected one first, until nothing needs work.
 */
import { defaultRegion } from '../image/geometry';
import { type Raster } from '../image/raster';
import { defaultWindow } from '../image/window';
import { needsWork, processItem, releasePixels } from './processing';
import { type StudioServices } from './services';
import { type ImageItem, type SourceFile, type Studio } from './types';

/** Decoded images kept in memory besides the selected one (a 800×540 scan and mask: ~0.9 MB). */
export const KEEP_DECODED = 16;

export type SetStudio = (partial: Partial<Studio> | ((s: Studio) => Partial<Studio>)) => void;
export type GetStudio = () => Studio;

export interface Queue {
  /** Starts working through the items that need it, unless a pass is already going. */
  pump(): void;
  /** Changes one item in place. */
  patch(id: string, change: (item: ImageItem) => Partial<ImageItem>): void;
  /** Marks an image as just used, so its pixels are the last to be let go. */
  touch(id: string): void;
  /** Every file dropped so far (pairing looks at all of them again on each drop). */
  sources(): readonly SourceFile[];
  /** Adds files not seen before; returns all of them. */
  addSources(files: readonly SourceFile[]): readonly SourceFile[];
  removeSources(paths: ReadonlySet<string | undefined>): void;
  clear(): void;
}

export function createQueue(set: SetStudio, get: GetStudio, services: StudioServices): Queue {
  let sources: SourceFile[] = [];
  let pumping = false;
  /** Image ids, least recently processed or viewed first, for letting go of pixels. */
  let recent: string[] = [];
  const touch = (id: string) => {
    recent = [...recent.filter((r) => r !== id), id];
  };

  const patch = (id: string, change: (item: ImageItem) => Partial<ImageItem>) =>
    set((s) => ({ items: s.items.map((item) => (item.id === id ? { ...item, ...change(item) } : item)) }));

  /**
   * Replaces an item whose file turned out to hold several frames by one item per frame
   * (`<file>#1`, `<file>#2`…); the first keeps the pixels just decoded.
   */
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
  async function run(): Promise<void> {
    if (pumping || get().engine.kind !== 'ready') return;
    pumping = true;
    // The pass's clock, for the time left (wall time per image finished in this pass).
    const startedMs = performance.now();
    let finished = 0;
    set({ batch: { startedMs, finished, elapsedMs: 0 } });
    try {
      for (;;) {
        const { items, selectedId, modelGeneration } = get();
        const pending = items.filter((i) => needsWork(i, modelGeneration));
        if (pending.length === 0) break;
        const next = pending.find((i) => i.id === selectedId) ?? pending[0];
        await processItem(next.id, get, patch, services, expandFrames, (id, mask) => get().resumeDraft(id, mask));
        touch(next.id);
        finished++;
        const batch = { startedMs, finished, elapsedMs: performance.now() - startedMs };
        set((s) => ({ items: releasePixels(s.items, recent, s.selectedId, KEEP_DECODED), batch }));
      }
    } finally {
      pumping = false;
      set({ batch: null });
    }
    await get().refreshTensorCount();
  }

  return {
    pump: () => void run(),
    patch,
    touch,
    sources: () => sources,
    addSources(files) {
      const known = new Set(sources.map((s) => s.path));
      sources = [...sources, ...files.filter((f) => !known.has(f.path))];
      return sources;
    },
    removeSources(paths) {
      sources = sources.filter((s) => !paths.has(s.path));
    },
    clear() {
      sources = [];
      recent = [];
    },
  };
}
