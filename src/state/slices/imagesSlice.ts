/**
 * The image list: dropped files paired into items, the selection, and each image's region and
 * window. Changing what the model sees marks the image for another run; the queue does the work.
 */
import { type StateCreator } from 'zustand/vanilla';
import { clampCropRegion, defaultRegion, type GeometryMode, type Region } from '../../image/geometry';
import { defaultWindow, type IntensityWindow } from '../../image/window';
import { parsePixelSizeCsv, PixelSizeCsvError, type PixelSizeTable } from '../../files/pixelSizeCsv';
import { mergeDrop } from '../itemsFromFiles';
import { type BatchClock } from '../batchProgress';
import { type Queue } from '../queue';
import { nextToReview, orderedItems } from '../reviewQueue';
import { type ImageItem, type SourceFile, type Studio, type UnpairedFile } from '../types';

export interface ImagesState {
  items: ImageItem[];
  unpaired: UnpairedFile[];
  selectedId: string | null;
  /**
   * A pixel-size table dropped with the images (HC18's `filename,pixel size(mm),head
   * circumference (mm)` and the like: files/pixelSizeCsv.ts): pixel sizes for images whose file
   * gives none, and reference head circumferences to compare the measurement with.
   */
  pixelSizes: { readonly file: string; readonly table: PixelSizeTable } | null;
  /** The image last removed, kept (pixels and results too) for a few seconds so Remove can be undone. */
  removed: { readonly item: ImageItem; readonly index: number } | null;
  /** The queue's running pass (set by state/queue.ts), for the batch's time left; null when idle. */
  batch: BatchClock | null;
}

export interface ImagesActions {
  addFiles(files: readonly SourceFile[]): void;
  removeItem(id: string): void;
  /** Puts the image last removed back where it was, with its results; false when there is none. */
  undoRemove(): boolean;
  /** Lets go of the image last removed (the undo offer ran out). */
  forgetRemoved(): void;
  clearItems(): void;
  select(id: string | null): void;
  /** Selects the next (1) or previous (−1) image in the list's order, as shown. */
  selectNext(step: 1 | -1): void;
  /** Selects the next image without a mask, most uncertain first (state/reviewQueue.ts); false when there is none. */
  selectNextToReview(): boolean;
  setGeometry(id: string, mode: GeometryMode): void;
  setRegion(id: string, region: Region): void;
  /** Changes an image's intensity window (what the view shows and the model sees); null: the file's default. */
  setWindow(id: string, window: IntensityWindow | null): void;
  /** Runs the model again on the image as it is. */
  resegment(id: string): void;
}

export type ImagesSlice = ImagesState & ImagesActions;

export const INITIAL_IMAGES: ImagesState = { items: [], unpaired: [], selectedId: null, pixelSizes: null, removed: null, batch: null };

/** Reads a dropped CSV as a pixel-size table; the reason in a line when it is not one. */
async function readPixelSizes(file: SourceFile): Promise<{ table: PixelSizeTable } | { reason: string }> {
  try {
    return { table: parsePixelSizeCsv(await file.blob.text()) };
  } catch (e) {
    return { reason: e instanceof PixelSizeCsvError ? `not a pixel-size table: ${e.message.replace(/^the pixel-size CSV /, 'it ')}` : `unreadable: ${(e as Error).message}` };
  }
}

export const createImagesSlice =
  (queue: Queue): StateCreator<Studio, [], [], ImagesSlice> =>
  (set, get) => {
    /** A selected image whose pixels were let go is decoded again (its results are kept). */
    const reloadPixels = (id: string | null) => {
      const item = get().items.find((i) => i.id === id);
      if (!id || !item || item.raster || item.status !== 'done') return;
      queue.touch(id);
      queue.patch(id, () => ({ status: 'waiting' }));
      queue.pump();
    };

    const changeRegion = (id: string, change: (item: ImageItem) => Partial<ImageItem>) => {
      queue.patch(id, (item) => ({ ...change(item), status: item.status === 'error' && !item.size ? 'error' : 'waiting' }));
      queue.pump();
    };

    return {
      ...INITIAL_IMAGES,

      addFiles(dropped) {
        // CSVs are tables, not images: a pixel-size table is kept; any other is listed with why.
        const tables = dropped.filter((f) => /\.csv$/i.test(f.path));
        const files = dropped.filter((f) => !tables.includes(f));
        for (const file of tables) {
          void readPixelSizes(file).then((read) =>
            set((s) =>
              'table' in read
                ? {
                    pixelSizes: { file: file.path, table: read.table },
                    // One table at a time: the one it replaces is listed, not dropped silently.
                    unpaired: [
                      ...s.unpaired.filter((u) => u.path !== file.path),
                      ...(s.pixelSizes && s.pixelSizes.file !== file.path ? [{ path: s.pixelSizes.file, reason: `pixel-size table replaced by ${file.path} (one is used at a time)` }] : []),
                    ],
                  }
                : { unpaired: [...s.unpaired.filter((u) => u.path !== file.path), { path: file.path, reason: read.reason }] },
            ),
          );
        }
        if (files.length === 0) return;
        const sources = queue.addSources(files);
        const { items, unpaired } = mergeDrop(get().items, sources, get().defaultGeometry);
        // Tables read from this or an earlier drop keep their line in the list of files not paired.
        set((s) => ({
          items,
          unpaired: [...unpaired, ...s.unpaired.filter((u) => /\.csv$/i.test(u.path) && !unpaired.some((n) => n.path === u.path))],
          selectedId: s.selectedId ?? orderedItems(items, s.listOrder, 'all', s.threshold)[0]?.id ?? null,
        }));
        queue.pump();
      },

      removeItem(id) {
        const item = get().items.find((i) => i.id === id);
        if (!item) return;
        queue.removeSources(new Set([item.source.path, item.mask?.source.path]));
        set((s) => {
          const items = s.items.filter((i) => i.id !== id);
          const index = s.items.findIndex((i) => i.id === id);
          const selectedId = s.selectedId === id ? (items[Math.min(index, items.length - 1)]?.id ?? null) : s.selectedId;
          // Its edit session ends with it (an unfinished correction stays in the browser's storage):
          // a later image with the same id must not inherit a working mask of another size.
          const edits = { ...s.edits };
          delete edits[id];
          return { items, selectedId, removed: { item, index }, edits };
        });
      },

      undoRemove() {
        const { removed, items } = get();
        // A later drop may have brought the same file back; then there is nothing to restore.
        if (!removed || items.some((i) => i.source.path === removed.item.source.path)) {
          set({ removed: null });
          return false;
        }
        const { item, index } = removed;
        queue.addSources([item.source, ...(item.mask ? [item.mask.source] : [])]);
        queue.touch(item.id);
        set((s) => ({ items: [...s.items.slice(0, index), item, ...s.items.slice(index)], selectedId: item.id, removed: null }));
        queue.pump();
        return true;
      },

      forgetRemoved() {
        set({ removed: null });
      },

      clearItems() {
        queue.clear();
        set({ ...INITIAL_IMAGES, edits: {} });
      },

      select(id) {
        set({ selectedId: id });
        reloadPixels(id);
      },

      selectNext(step) {
        const { items, selectedId, listOrder, listFilter, threshold } = get();
        const shown = orderedItems(items, listOrder, listFilter, threshold);
        if (shown.length === 0) return;
        const index = shown.findIndex((i) => i.id === selectedId);
        const next = shown[index < 0 ? 0 : Math.min(shown.length - 1, Math.max(0, index + step))].id;
        set({ selectedId: next });
        reloadPixels(next);
      },

      selectNextToReview() {
        const next = nextToReview(get().items, get().selectedId);
        if (!next) return false;
        set({ selectedId: next });
        reloadPixels(next);
        return true;
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
    };
  };
