/**
 * What each side of the compare view shows for the selected image: the model in use's prediction
 * on the left (or first, in the flip view); the ground truth or the second model's prediction on
 * the right, each drawn as the plain view draws it, with its Dice when the image has ground truth.
 * Null when the compare is off or cannot run for this image. Also starts the second model on the
 * image when its answer for this image, region and window is not there yet.
 */
import { useEffect, useMemo } from 'react';
import { type DisplayView, sampleMask } from '../image/displayView';
import { type LabelMap } from '../image/labelMap';
import { type BinaryMask } from '../image/mask';
import { styleWithoutErrors } from '../image/overlay';
import { type Segmentation } from '../image/segmentation';
import { truthClassOverlay, truthOverlay } from '../image/truthOverlay';
import { type SegmentationDice, segmentationDice } from '../metrics/segmentationDice';
import { rgbOf } from '../model/classes';
import { compareReasons } from '../state/compareReasons';
import { pairDice } from '../state/selectors';
import { runFits } from '../state/slices/compareSlice';
import { type ImageItem } from '../state/types';
import { type ClassView, type OverlayOptions } from './overlayPixels';
import { overlayInView, type OverlayLook, overlaySource, whole } from './viewLayers';
import { useStudio } from './studioContext';

export interface CompareSide {
  readonly name: string;
  readonly pixels: Uint8ClampedArray | null;
  readonly dice: number | null;
  /** Which Dice `dice` is (metrics/segmentationDice.ts): the labels name it, since the kinds differ for one prediction. */
  readonly diceKind: SegmentationDice['kind'] | null;
  /** Why the side is empty or not final yet (the second model running, or failing). */
  readonly note: string | null;
}

export interface CompareSides {
  readonly left: CompareSide;
  readonly right: CompareSide;
  /** The sides' pixel size: the viewer's overview (the image itself unless it is large). */
  readonly width: number;
  readonly height: number;
}


const diceOf = (d: SegmentationDice) => ({ dice: d.dice, diceKind: d.kind });

/** A segmentation's overlay at the view's size, as the plain view draws it (viewLayers.ts). */
function overlayOf(segmentation: Segmentation | null, width: number, height: number, view: DisplayView, o: OverlayLook): Uint8ClampedArray | null {
  return segmentation ? overlayInView(overlaySource(segmentation, null, null, view, width, height), o) : null;
}

/**
 * @param width the image's width, px
 * @param height the image's height, px
 * @param view what the viewer draws the image at (its overview): both sides are drawn at its size,
 *   so a 12000×12000 scan is compared at ≤ 2048 px a side, not as two 576 MB overlays
 */
export function useCompareSides(item: ImageItem | null, width: number, height: number, options: OverlayOptions, view: DisplayView | null): CompareSides | null {
  const compare = useStudio((s) => s.compare);
  const run = useStudio((s) => s.otherRun);
  const library = useStudio((s) => s.library);
  const activeModelId = useStudio((s) => s.activeModelId);
  const modelName = useStudio((s) => s.ready?.model.metadata.name ?? 'the model');
  const runOtherModel = useStudio((s) => s.runOtherModel);
  const reasons = useMemo(() => compareReasons(item, library, activeModelId), [item, library, activeModelId]);
  const mode = compare.mode === 'truth' && reasons.truth === null ? 'truth' : compare.mode === 'model' && reasons.model === null ? 'model' : 'off';
  const otherId = compare.otherModelId !== activeModelId ? compare.otherModelId : null;

  const { threshold, palette, truth, truthLabels } = options;
  // The error view is the prediction against the truth already: a compare shows each mask filled instead.
  const style = styleWithoutErrors(options.style);
  const classView = useMemo<ClassView | null>(() => (options.classView ? { ...options.classView, style: styleWithoutErrors(options.classView.style) } : null), [options.classView]);
  const segmentation = item?.segmentation ?? null;
  const region = item?.region ?? null;
  const window = item?.window ?? null;

  // The second model runs on the selected image whenever what it would see changes.
  useEffect(() => {
    if (mode === 'model' && otherId) void runOtherModel();
  }, [mode, otherId, item?.id, region, window, runOtherModel]);

  const left = useMemo((): CompareSide | null => {
    if (mode === 'off' || !view) return null;
    return {
      name: mode === 'truth' ? 'Prediction' : modelName,
      pixels: overlayOf(segmentation, width, height, view, { threshold, style, palette, classView }),
      // The pair's Dice as the list and the metrics panel have it (from the measuring worker's
      // histogram): counting it again here took 3.3 s of the page's thread on a 12000² scan.
      dice: segmentation && truth && item ? pairDice(item, threshold) : null,
      diceKind: classView ? 'class mean' : 'binary',
      note: segmentation ? null : 'the model is still running',
    };
  }, [mode, modelName, segmentation, width, height, view, threshold, style, palette, classView, truth, item]);

  const truthSide = useMemo((): CompareSide | null => {
    if (mode !== 'truth' || !truth || !view) return null;
    const inView = <M extends BinaryMask | LabelMap>(m: M): M => (whole(view, width, height) ? m : sampleMask(m, view));
    const pixels = classView && truthLabels
      ? truthClassOverlay(inView(truthLabels), { colours: classView.classes.map((c) => rgbOf(c.color)), hidden: classView.hidden, opacity: classView.opacity, chosen: classView.chosen, style, palette })
      : truthOverlay(inView(truth), style, palette);
    return { name: 'Ground truth', pixels, dice: null, diceKind: null, note: null };
  }, [mode, truth, truthLabels, classView, style, palette, view, width, height]);

  const fits = Boolean(item && otherId && region && window && runFits(run, item.id, otherId, region, window));
  const otherResult = fits && run?.status === 'done' ? run.result : null;
  // Counted once per result and truth, not again when the style or palette changes: on the page's
  // thread, it takes seconds on a 12000² scan (the prediction's side reads the worker's histogram).
  const modelClasses = classView?.classes.length ?? 1;
  const otherDice = useMemo(
    () =>
      otherResult && truth
        ? diceOf(segmentationDice(otherResult.segmentation, otherResult.threshold, truth, otherResult.classes.length === modelClasses ? truthLabels : null))
        : { dice: null, diceKind: null },
    [otherResult, truth, truthLabels, modelClasses],
  );
  const otherSide = useMemo((): CompareSide | null => {
    if (mode !== 'model' || !view) return null;
    const entryName = library.find((e) => e.id === otherId)?.name ?? 'second model';
    if (!otherId) return { name: 'Second model', pixels: null, dice: null, diceKind: null, note: 'choose a model to compare with' };
    const result = fits && run?.status === 'done' ? run.result : null;
    if (!result) return { name: entryName, pixels: null, dice: null, diceKind: null, note: fits && run?.status === 'error' ? run.error : 'running…' };
    const several = result.classes.length > 1 && Boolean(result.segmentation.classGrids);
    const resultView: ClassView | null = several ? { classes: result.classes, hidden: new Set(), opacity: result.classes.map(() => 1), chosen: 1, style, palette } : null;
    return {
      name: result.name,
      pixels: overlayOf(result.segmentation, width, height, view, { threshold: result.threshold, style, palette, classView: resultView }),
      // The truth's class indices were read with the model in use's table: only a model of as many classes is scored per class.
      ...otherDice,
      // It keeps its own threshold: the slider is the model in use's.
      note: result.classes.length > 1 && result.segmentation.activation === 'softmax' ? null : `at its threshold ${result.threshold}`,
    };
  }, [mode, library, otherId, fits, run, width, height, view, style, palette, otherDice]);

  return useMemo(() => {
    const right = truthSide ?? otherSide;
    return left && right && view ? { left, right, width: view.width, height: view.height } : null;
  }, [left, truthSide, otherSide, view]);
}
