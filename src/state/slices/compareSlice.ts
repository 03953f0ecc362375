/**
 * The viewer's compare mode for the selected image: the prediction against the ground truth, or
 * against another model's prediction, as a swipe (a divider; left of it one, right of it the
 * other) or a flip (one at a time). The second model runs on the selected image only, through the
 * engine (worker/engineApi.ts `segmentWithOther`); its answer is kept for that image, region and
 * window, so it is never shown for anything else.
 */
import { type StateCreator } from 'zustand/vanilla';
import { type Region, sameRegion } from '../../image/geometry';
import { defaultWindow, type IntensityWindow, sameWindow } from '../../image/window';
import { type OtherSegmentation } from '../../worker/engineApi';
import { selectedItem } from '../selectors';
import { type StudioServices } from '../services';
import { type Studio } from '../types';
import { sourceFor } from './engineSlice';

/** What the prediction is compared with: nothing, the ground truth, or another model. */
export type CompareMode = 'off' | 'truth' | 'model';
export type CompareView = 'swipe' | 'flip';

export interface CompareSettings {
  readonly mode: CompareMode;
  readonly view: CompareView;
  /** Where the swipe's divider is, as a fraction (0–1) of the image's width. */
  readonly split: number;
  /** In the flip view: whether the second side (ground truth or other model) is the one shown. */
  readonly flipped: boolean;
  /** The library entry of the second model. */
  readonly otherModelId: string | null;
}

/** One run of the second model: for which image, model, region and window, and how it went. */
export interface OtherRun {
  readonly itemId: string;
  readonly modelId: string;
  readonly region: Region;
  readonly window: IntensityWindow;
  readonly status: 'running' | 'done' | 'error';
  readonly result: OtherSegmentation | null;
  readonly error: string | null;
}

export interface CompareState {
  compare: CompareSettings;
  otherRun: OtherRun | null;
}

export interface CompareActions {
  setCompareMode(mode: CompareMode): void;
  setCompareView(view: CompareView): void;
  /** Moves the swipe's divider (clamped to the image). */
  setCompareSplit(fraction: number): void;
  /** Shows the other side (the flip view's one key). */
  flipCompare(): void;
  setOtherModel(id: string | null): void;
  /** Runs the second model on the selected image, unless its answer for this image, region and window is there or coming. */
  runOtherModel(): Promise<void>;
}

export type CompareSlice = CompareState & CompareActions;

export const INITIAL_COMPARE: CompareState = {
  compare: { mode: 'off', view: 'swipe', split: 0.5, flipped: false, otherModelId: null },
  otherRun: null,
};

/** Whether a run answers (or will answer) for this image, model, region and window. */
export function runFits(run: OtherRun | null, itemId: string, modelId: string, region: Region, window: IntensityWindow): boolean {
  return run !== null && run.itemId === itemId && run.modelId === modelId && sameRegion(run.region, region) && sameWindow(run.window, window);
}

export const createCompareSlice =
  (services: StudioServices): StateCreator<Studio, [], [], CompareSlice> =>
  (set, get) => {
    const change = (c: Partial<CompareSettings>) => set((s) => ({ compare: { ...s.compare, ...c } }));
    return {
      ...INITIAL_COMPARE,
      setCompareMode: (mode) => {
        // Two models with none chosen yet: the first other model the app holds.
        const { compare, library, activeModelId } = get();
        const chosen = compare.otherModelId !== null && compare.otherModelId !== activeModelId && library.some((e) => e.id === compare.otherModelId);
        const otherModelId = mode === 'model' && !chosen ? (library.find((e) => e.id !== activeModelId)?.id ?? null) : compare.otherModelId;
        change({ mode, flipped: false, otherModelId });
      },
      setCompareView: (view) => change({ view }),
      setCompareSplit: (fraction) => change({ split: Math.min(1, Math.max(0, fraction)) }),
      flipCompare: () => set((s) => ({ compare: { ...s.compare, view: 'flip', flipped: !s.compare.flipped } })),
      setOtherModel: (id) => change({ otherModelId: id }),

      async runOtherModel() {
        const s = get();
        const item = selectedItem(s);
        const modelId = s.compare.otherModelId;
        const entry = s.library.find((e) => e.id === modelId);
        if (!item?.raster || !item.region || !entry || entry.id === s.activeModelId) return;
        const { raster, region } = item;
        const window = item.window ?? defaultWindow(raster);
        if (runFits(s.otherRun, item.id, entry.id, region, window) && s.otherRun?.status !== 'error') return;
        const run: OtherRun = { itemId: item.id, modelId: entry.id, region, window, status: 'running', result: null, error: null };
        set({ otherRun: run });
        // Only the answer to the latest request is kept: the user may have moved on meanwhile.
        const settle = (done: Partial<OtherRun>) => set((now) => (now.otherRun === run ? { otherRun: { ...run, ...done } } : {}));
        try {
          const { source, metadata } = await sourceFor(entry, services.storage);
          // Keyed by entry and save time: a model saved again under the same id loads afresh.
          const result = await services.engine.segmentWithOther(`${entry.id}@${entry.savedAt ?? ''}`, source, metadata, raster, region, window);
          settle({ status: 'done', result });
        } catch (e) {
          settle({ status: 'error', error: `Could not run ${entry.name}: ${(e as Error).message}` });
        }
      },
    };
  };
