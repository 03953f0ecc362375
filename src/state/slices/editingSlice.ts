/**
 * Correcting masks by hand. Each image can have an edit session: a working mask at the image's
 * own resolution, started from the model's prediction at the current threshold or from the
 * image's ground truth, and its undo history. Strokes, fills and polygons change the working
 * mask in place (image/edit/); `version` goes up at every change so views redraw. Accepting makes
 * the working mask the image's ground truth (origin 'corrected'), which the metrics and
 * fine-tuning then use like a mask from a file, and keeps how much the user changed (Dice between
 * the model's mask and the accepted one).
 */
import { type StateCreator } from 'zustand/vanilla';
import { type Point, paintSegment, stampDisc } from '../../image/edit/brush';
import { ChangeRecorder, type MaskChange, type MaskValue } from '../../image/edit/change';
import { fillAll, fillHoles, floodFill } from '../../image/edit/fill';
import { EMPTY_HISTORY, type EditHistory, recordStep, redoStep, undoStep } from '../../image/edit/history';
import { fillPolygon } from '../../image/edit/polygon';
import { type BinaryMask, thresholdToMask } from '../../image/mask';
import { encodeMaskPng } from '../../image/pngEncode';
import { labelsOnImage, probabilitiesOnImage } from '../../image/segmentation';
import { foregroundMask, type LabelMap } from '../../image/labelMap';
import { encodeClassValuePng } from '../../image/labelPng';
import { classScores, confusionMatrix, meanClassScores } from '../../metrics/multiClass';
import { type ClassInfo } from '../../model/classes';
import { labelsKeyOf } from '../processing';
import { maskConfusion } from '../../metrics/maskConfusion';
import { scoresFromConfusion } from '../../metrics/scores';
import { buildHistogram } from '../../metrics/thresholdHistogram';
import { correctionKey, draftKey } from '../../storage/correctionKey';
import { type StudioServices } from '../services';
import { type ImageItem, type MaskEntry, type Studio } from '../types';

/** Brush and eraser paint strokes; bucket fills the region at a point; polygon (clicked corners) and lasso (a drag) fill an outline. */
export type EditTool = 'brush' | 'eraser' | 'bucket' | 'polygon' | 'lasso';
/** What the tools write: add to the mask (1) or cut from it (0). The brush adds and the eraser cuts. */
export type EditMode = 'add' | 'cut';

/** Brush radius limits, in image pixels. */
export const MIN_BRUSH_RADIUS = 0.5;
export const MAX_BRUSH_RADIUS = 500;

export interface EditSession {
  /** 'draft': an unfinished correction kept in the browser, brought back after a reload or a crash. */
  readonly startedFrom: 'prediction' | 'truth' | 'draft';
  /** The mask being edited, at the image's size; changed in place. */
  readonly mask: BinaryMask;
  readonly history: EditHistory;
  /** Goes up at every change of `mask` (strokes as they are painted, undo, redo). */
  readonly version: number;
}

export interface EditingState {
  /** Edit sessions by image id; an image is in edit mode while it has one. */
  edits: Record<string, EditSession>;
  editTool: EditTool;
  editMode: EditMode;
  /** Brush and eraser radius, image pixels. */
  brushRadius: number;
  /** The class the add tools paint (1-based) for a model of several classes; 1 for a binary mask. */
  editClass: number;
  /** Accepted masks written to the browser's storage this session (goes up when a write completes). */
  correctionsSaved: number;
  /** Why the last accepted mask could not be kept in the browser (it still counts this session); null when it was. */
  correctionNotice: string | null;
}

export interface EditingActions {
  /** Starts editing an image from its prediction at the current threshold, or from its ground truth; false when that is not there yet. */
  startEditing(id: string, from: 'prediction' | 'truth'): boolean;
  /** Picks a tool; the brush sets the mode to add, the eraser to cut. */
  setEditTool(tool: EditTool): void;
  /** Add or cut for bucket, polygon and lasso; with the brush or eraser picked, switches between them. */
  setEditMode(mode: EditMode): void;
  setBrushRadius(radius: number): void;
  /** The class the brush, bucket, polygon, lasso and fill holes paint (a model of several classes). */
  setEditClass(k: number): void;
  /** Starts a stroke of the current tool at `point` (image pixels); it is one undo step once ended. */
  beginStroke(id: string, point: Point): void;
  /** Carries the open stroke on to `point`, painting the segment from the last point. */
  continueStroke(id: string, point: Point): void;
  endStroke(id: string): void;
  /** A whole stroke at once (keyboard, tests): begin, continue through `points`, end. */
  applyStroke(id: string, points: readonly Point[]): void;
  /** Fills holes and closed outlines (value 1). */
  fillHoles(id: string): void;
  /** Bucket fill at an integer pixel with the current mode's value. */
  floodFill(id: string, x: number, y: number): void;
  /** Adds (mode add) or cuts (mode cut) the polygon or lasso through `points`. */
  fillPolygon(id: string, points: readonly Point[]): void;
  clearMask(id: string): void;
  undoEdit(id: string): void;
  redoEdit(id: string): void;
  /** The working mask becomes the image's ground truth (origin 'corrected'); the session ends. */
  acceptEdit(id: string): void;
  /** Ends the session without changing the image's mask; its unfinished draft is deleted. */
  cancelEdit(id: string): void;
  /** Brings back an unfinished correction kept in the browser (no history); ignored while the image is being edited. */
  resumeDraft(id: string, mask: BinaryMask): void;
}

export type EditingSlice = EditingState & EditingActions;

export const INITIAL_EDITING: EditingState = { edits: {}, editTool: 'brush', editMode: 'add', brushRadius: 8, editClass: 1, correctionsSaved: 0, correctionNotice: null };

const copyMask = (mask: BinaryMask): BinaryMask => ({ width: mask.width, height: mask.height, data: mask.data.slice() });

/** How long after the last change an unfinished correction is written to the browser. */
export const DRAFT_DELAY_MS = 800;

/** The model's mask for an item at a threshold, at the image's size (background outside the region it saw). */
function modelMask(item: ImageItem, threshold: number): BinaryMask | null {
  const seg = item.segmentation;
  if (!seg || !item.size) return null;
  return thresholdToMask(probabilitiesOnImage(seg), seg.box, item.size.width, item.size.height, threshold);
}

/** The model's label map for an item (a model of several classes), at the image's size. */
function modelLabels(item: ImageItem, threshold: number): LabelMap | null {
  const seg = item.segmentation;
  if (!seg?.classGrids || !item.size) return null;
  return labelsOnImage(seg, threshold, item.size.width, item.size.height);
}

/**
 * An accepted mask of class indices as the image's ground truth: stored with its classes' values
 * (it reads back through the class table), scored per class, and how much the user changed as
 * the mean Dice over the classes between the model's label map and the accepted one.
 */
function acceptedLabels(labels: LabelMap, model: LabelMap | null, classes: readonly ClassInfo[], threshold: number) {
  const png = encodeClassValuePng(labels, classes);
  const count = classes.length + 1;
  const matrix = model ? confusionMatrix(labels, model, count) : null;
  return {
    png,
    modelDice: matrix ? (meanClassScores(classScores(matrix))?.dice ?? 1) : null,
    extra: { labels, labelsKey: labelsKeyOf(classes), labelsError: null, classConfusion: matrix ? { matrix, threshold } : null },
  };
}

export const createEditingSlice =
  (services: Pick<StudioServices, 'corrections'>): StateCreator<Studio, [], [], EditingSlice> =>
  (set, get) => {
    /** The stroke being painted: its recorder and last point (outside the state; not something to render). */
    let open: { id: string; recorder: ChangeRecorder; last: Point } | null = null;
    /** Pending draft writes by image id (debounced: one write after a burst of changes). */
    const drafts = new Map<string, ReturnType<typeof setTimeout>>();
    /** The content key of each image file and frame (a SHA-256 of its bytes), computed once per file. */
    const keys = new WeakMap<Blob, Map<number | null, Promise<string>>>();
    const keyOf = (item: ImageItem) => {
      const perFrame = keys.get(item.source.blob) ?? new Map<number | null, Promise<string>>();
      keys.set(item.source.blob, perFrame);
      let key = perFrame.get(item.frame);
      if (!key) {
        key = item.source.blob.arrayBuffer().then((bytes) => correctionKey(new Uint8Array(bytes), item.frame));
        perFrame.set(item.frame, key);
      }
      return key;
    };
    const storageFailed = (item: ImageItem, what: string, e: unknown) =>
      set({ correctionNotice: `The ${what} of ${item.name} could not be kept in this browser (${(e as Error).message}); save a session or export to keep it.` });
    /** Writes the working mask as the image's draft once the user pauses, so a reload or a crash loses nothing. */
    const scheduleDraft = (id: string) => {
      const { corrections } = services;
      if (!corrections) return;
      clearTimeout(drafts.get(id));
      drafts.set(
        id,
        setTimeout(() => {
          drafts.delete(id);
          const s = session(id);
          const item = get().items.find((i) => i.id === id);
          if (!s || !item) return;
          // Class indices keep their classes (as their values), so a resumed draft paints on in them.
          const classes = get().ready?.model.classes ?? [];
          const png = classes.length > 1 ? encodeClassValuePng(s.mask, classes) : encodeMaskPng(s.mask);
          const draft = { png, width: s.mask.width, height: s.mask.height, modelDice: null, threshold: get().threshold, savedAt: new Date().toISOString() };
          void keyOf(item)
            .then((key) => corrections.put(draftKey(key), draft))
            .catch((e: unknown) => storageFailed(item, 'unfinished correction', e));
        }, DRAFT_DELAY_MS),
      );
    };
    /** Deletes the image's draft (accepted or cancelled). */
    const dropDraft = (id: string) => {
      clearTimeout(drafts.get(id));
      drafts.delete(id);
      const item = get().items.find((i) => i.id === id);
      const { corrections } = services;
      if (!item || !corrections) return;
      void keyOf(item)
        .then((key) => corrections.remove(draftKey(key)))
        .catch(() => undefined); // nothing to lose: the draft is no longer wanted
    };

    const session = (id: string): EditSession | undefined => get().edits[id];
    const update = (id: string, change: (s: EditSession) => Partial<EditSession>) =>
      set((state) => {
        const current = state.edits[id];
        return current ? { edits: { ...state.edits, [id]: { ...current, ...change(current) } } } : {};
      });
    const bump = (id: string) => update(id, (s) => ({ version: s.version + 1 }));
    const commit = (id: string, change: MaskChange | null) => {
      update(id, (s) => ({ version: s.version + 1, history: change ? recordStep(s.history, change) : s.history }));
      if (change) scheduleDraft(id);
    };
    /** Runs one whole step with a recorder writing `value`. */
    const step = (id: string, value: MaskValue, paint: (recorder: ChangeRecorder) => void) => {
      const s = session(id);
      if (!s) return;
      if (open) endStroke(open.id);
      const recorder = new ChangeRecorder(s.mask, value);
      paint(recorder);
      commit(id, recorder.finish());
    };
    /** What add writes: the chosen class for a model of several classes, else 1. */
    const addValue = (): MaskValue => {
      const count = get().ready?.model.classes.length ?? 1;
      return count > 1 ? Math.min(get().editClass, count) : 1;
    };
    const toolValue = (): MaskValue => (get().editMode === 'add' ? addValue() : 0);

    function endStroke(id: string) {
      if (!open || open.id !== id) return;
      const change = open.recorder.finish();
      open = null;
      // The pixels were signalled as they were painted: only the history changes now.
      if (change) {
        update(id, (s) => ({ history: recordStep(s.history, change) }));
        scheduleDraft(id);
      }
    }

    function beginStroke(id: string, point: Point) {
      const s = session(id);
      if (!s) return;
      if (open) endStroke(open.id);
      const recorder = new ChangeRecorder(s.mask, toolValue());
      stampDisc(recorder, point, get().brushRadius);
      open = { id, recorder, last: point };
      bump(id);
    }

    function continueStroke(id: string, point: Point) {
      if (!open || open.id !== id) return;
      paintSegment(open.recorder, open.last, point, get().brushRadius);
      open.last = point;
      bump(id);
    }

    return {
      ...INITIAL_EDITING,

      startEditing(id, from) {
        const item = get().items.find((i) => i.id === id);
        if (!item) return false;
        const several = (get().ready?.model.classes.length ?? 1) > 1;
        // A model of several classes edits class indices: its label map, or the ground truth's classes.
        const start = several
          ? from === 'truth'
            ? (item.mask?.labels ?? null)
            : modelLabels(item, get().threshold)
          : from === 'truth'
            ? (item.mask?.truth ?? null)
            : modelMask(item, get().threshold);
        if (!start) return false;
        const edit: EditSession = { startedFrom: from, mask: copyMask(start), history: EMPTY_HISTORY, version: 0 };
        set((state) => ({ edits: { ...state.edits, [id]: edit } }));
        return true;
      },

      setEditTool(tool) {
        if (tool === 'brush') set({ editTool: tool, editMode: 'add' });
        else if (tool === 'eraser') set({ editTool: tool, editMode: 'cut' });
        else set({ editTool: tool });
      },

      setEditMode(mode) {
        const tool = get().editTool;
        const paint = tool === 'brush' || tool === 'eraser';
        set({ editMode: mode, editTool: paint ? (mode === 'add' ? 'brush' : 'eraser') : tool });
      },

      setEditClass(editClass) {
        set({ editClass: Math.max(1, Math.round(editClass)) });
      },

      setBrushRadius(radius) {
        set({ brushRadius: Math.min(MAX_BRUSH_RADIUS, Math.max(MIN_BRUSH_RADIUS, radius)) });
      },

      beginStroke,
      continueStroke,
      endStroke,

      applyStroke(id, points) {
        if (points.length === 0) return;
        beginStroke(id, points[0]);
        for (const p of points.slice(1)) continueStroke(id, p);
        endStroke(id);
      },

      fillHoles(id) {
        step(id, addValue(), fillHoles);
      },

      floodFill(id, x, y) {
        step(id, toolValue(), (r) => floodFill(r, x, y));
      },

      fillPolygon(id, points) {
        step(id, toolValue(), (r) => fillPolygon(r, points));
      },

      clearMask(id) {
        step(id, 0, fillAll);
      },

      undoEdit(id) {
        endStroke(id);
        if ((session(id)?.history.done.length ?? 0) === 0) return;
        update(id, (s) => ({ history: undoStep(s.history, s.mask), version: s.version + 1 }));
        scheduleDraft(id);
      },

      redoEdit(id) {
        endStroke(id);
        if ((session(id)?.history.undone.length ?? 0) === 0) return;
        update(id, (s) => ({ history: redoStep(s.history, s.mask), version: s.version + 1 }));
        scheduleDraft(id);
      },

      acceptEdit(id) {
        endStroke(id);
        const s = session(id);
        const item = get().items.find((i) => i.id === id);
        if (!s || !item) return;
        const { threshold } = get();
        const classes = get().ready?.model.classes ?? [];
        const seg = item.segmentation;
        const several = classes.length > 1;
        const labels = several ? { width: s.mask.width, height: s.mask.height, data: s.mask.data.slice() } : null;
        const truth = labels ? foregroundMask(labels) : copyMask(s.mask);
        const model = modelMask(item, threshold);
        const accepted = labels ? acceptedLabels(labels, modelLabels(item, threshold), classes, threshold) : null;
        const png = accepted ? accepted.png : encodeMaskPng(truth);
        const modelDice = accepted ? accepted.modelDice : model ? scoresFromConfusion(maskConfusion(model, truth)).dice : null;
        const mask: MaskEntry = {
          source: { path: `${item.id}.corrected.png`, size: png.length, blob: new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }) },
          origin: 'corrected',
          correction: modelDice !== null ? { modelDice, threshold } : null,
          truth,
          error: null,
          histogram: seg ? buildHistogram(probabilitiesOnImage(seg), seg.box, truth) : null,
          ...(accepted ? accepted.extra : {}),
        };
        set((state) => {
          const edits = { ...state.edits };
          delete edits[id];
          return { edits, items: state.items.map((i) => (i.id === id ? { ...i, mask } : i)) };
        });
        // Kept in the browser by the image's content, to come back when the same scan is dropped again.
        const { corrections } = services;
        if (corrections) {
          const stored = { png, width: truth.width, height: truth.height, modelDice: mask.correction?.modelDice ?? null, threshold, savedAt: new Date().toISOString() };
          clearTimeout(drafts.get(id));
          drafts.delete(id);
          void keyOf(item)
            .then(async (key) => {
              await corrections.put(key, stored);
              await corrections.remove(draftKey(key));
            })
            .then(() => set((s) => ({ correctionsSaved: s.correctionsSaved + 1, correctionNotice: null })))
            .catch((e: unknown) => storageFailed(item, 'corrected mask (in use this session)', e));
        }
      },

      resumeDraft(id, mask) {
        if (session(id)) return;
        set((state) => ({ edits: { ...state.edits, [id]: { startedFrom: 'draft', mask: copyMask(mask), history: EMPTY_HISTORY, version: 0 } } }));
      },

      cancelEdit(id) {
        if (open?.id === id) open = null;
        dropDraft(id);
        set((state) => {
          const edits = { ...state.edits };
          delete edits[id];
          return { edits };
        });
      },
    };
  };
