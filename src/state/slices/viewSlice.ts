/** How results are shown: threshold, overlay opacity, style and palette, and the geometry new images start in. */
import { type StateCreator } from 'zustand/vanilla';
import { type GeometryMode } from '../../image/geometry';
import { type OverlayStyle, type PaletteName } from '../../image/overlay';
import { THRESHOLD_STEPS } from '../../metrics/thresholdHistogram';
import { type Ellipse } from '../../metrics/ellipse';
import { type AngleOfProgression } from '../../metrics/angleOfProgression';
import { type ListFilter, type ListOrder } from '../reviewQueue';
import { type Studio } from '../types';

export interface ViewState {
  threshold: number;
  opacity: number;
  overlay: OverlayStyle;
  palette: PaletteName;
  /** Geometry new images start in (from the model's metadata until the user picks). */
  defaultGeometry: GeometryMode;
  /** How the image list is ordered and which images it shows (state/reviewQueue.ts). */
  listOrder: ListOrder;
  listFilter: ListFilter;
  /**
   * The ellipses last fitted to the selected image (prediction and ground truth, in pixel
   * coordinates), for the viewer to draw; tied to the segmentation and threshold they were fitted
   * at, so a stale fit is never drawn.
   */
  /** Whether the fitted ellipses are drawn on the image (a user may want the image bare). */
  showEllipse: boolean;
  /** Classes (1-based) of a multi-class model left out of the fill and outline overlays. */
  hiddenClasses: readonly number[];
  /** Opacity (0–1) of each class of a multi-class model, by class (1-based); absent: 1. */
  classOpacity: Readonly<Record<number, number>>;
  /** The class (1-based) the heatmap and the TP / FP / FN view show for a multi-class model. */
  chosenClass: number;
  /** Whether a left drag on the image draws the ruler (instead of nothing). */
  rulerOn: boolean;
  /** The ruler's line on an image, in image pixels (continuous). */
  rulerLine: { readonly itemId: string; readonly a: { x: number; y: number }; readonly b: { x: number; y: number } } | null;
  /** The angle of progression last measured on the selected image (prediction and ground truth), tied like `fittedEllipses`. */
  measuredAngle: { readonly itemId: string; readonly of: unknown; readonly threshold: number; readonly predicted: AngleOfProgression | null; readonly truth: AngleOfProgression | null } | null;
  fittedEllipses: { readonly itemId: string; readonly of: unknown; readonly threshold: number; readonly predicted: Ellipse | null; readonly truth: Ellipse | null } | null;
}

export interface ViewActions {
  setThreshold(value: number): void;
  setOpacity(value: number): void;
  setOverlay(mode: OverlayStyle): void;
  setPalette(palette: PaletteName): void;
  setListOrder(order: ListOrder): void;
  setListFilter(filter: ListFilter): void;
  setFittedEllipses(fit: ViewState['fittedEllipses']): void;
  setMeasuredAngle(angle: ViewState['measuredAngle']): void;
  setRulerOn(on: boolean): void;
  setRulerLine(line: ViewState['rulerLine']): void;
  setShowEllipse(show: boolean): void;
  setClassShown(k: number, shown: boolean): void;
  setChosenClass(k: number): void;
  setClassOpacity(k: number, opacity: number): void;
}

export type ViewSlice = ViewState & ViewActions;

export const INITIAL_VIEW: ViewState = {
  threshold: 0.5,
  opacity: 0.5,
  overlay: 'fill',
  palette: 'okabe-ito',
  defaultGeometry: 'fit',
  listOrder: 'name',
  listFilter: 'all',
  showEllipse: true,
  hiddenClasses: [],
  classOpacity: {},
  chosenClass: 1,
  measuredAngle: null,
  rulerOn: false,
  rulerLine: null,
  fittedEllipses: null,
};

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

export const createViewSlice: StateCreator<Studio, [], [], ViewSlice> = (set) => ({
  ...INITIAL_VIEW,

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

  setListOrder(listOrder) {
    set({ listOrder });
  },

  setListFilter(listFilter) {
    set({ listFilter });
  },

  setFittedEllipses(fittedEllipses) {
    set({ fittedEllipses });
  },

  setMeasuredAngle(measuredAngle) {
    set({ measuredAngle });
  },

  setRulerOn(rulerOn) {
    set({ rulerOn });
  },

  setRulerLine(rulerLine) {
    set({ rulerLine });
  },

  setShowEllipse(showEllipse) {
    set({ showEllipse });
  },

  setClassShown(k, shown) {
    set((s) => ({ hiddenClasses: shown ? s.hiddenClasses.filter((h) => h !== k) : [...new Set([...s.hiddenClasses, k])] }));
  },

  setChosenClass(chosenClass) {
    set({ chosenClass });
  },

  setClassOpacity(k, opacity) {
    set((s) => ({ classOpacity: { ...s.classOpacity, [k]: clamp01(opacity) } }));
  },
});
