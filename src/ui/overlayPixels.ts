/**
 * How a model of several classes is drawn (ClassView) and its overlay; with viewLayers.ts, the one
 * place the viewer's overlays are made, so the compare views draw each model exactly as the plain
 * view does.
 */
import { renderClassOverlay } from '../image/classOverlay';
import { type LabelMap } from '../image/labelMap';
import { type BinaryMask } from '../image/mask';
import { type OpenEdges, type OverlayStyle, type PaletteName } from '../image/overlay';
import { classProbabilitiesOnImage, labelsOnImage, type Segmentation } from '../image/segmentation';
import { type ClassInfo, rgbOf } from '../model/classes';

export interface ClassView {
  readonly classes: readonly ClassInfo[];
  readonly hidden: ReadonlySet<number>;
  readonly opacity: readonly number[];
  readonly chosen: number;
  readonly style: OverlayStyle;
  readonly palette: PaletteName;
}

/** The class overlay of a segmentation over a width × height image. */
export function classOverlayOf(segmentation: Segmentation, width: number, height: number, threshold: number, truth: LabelMap | null, view: ClassView, openEdges?: OpenEdges): Uint8ClampedArray {
  return renderClassOverlay({
    labels: labelsOnImage(segmentation, threshold, width, height),
    colours: view.classes.map((c) => rgbOf(c.color)),
    hidden: view.hidden,
    opacity: view.opacity,
    style: view.style,
    chosen: view.chosen,
    chosenProbabilities: view.style === 'heatmap' ? classProbabilitiesOnImage(segmentation, view.chosen) : null,
    box: segmentation.box,
    truth,
    palette: view.palette,
    openEdges,
  });
}

export interface OverlayOptions {
  readonly threshold: number;
  readonly style: OverlayStyle;
  readonly palette: PaletteName;
  /** The ground truth for the error view (binary, and as classes); null: none. */
  readonly truth: BinaryMask | null;
  readonly truthLabels: LabelMap | null;
  /** How a model of several classes is drawn; null: as a binary model. */
  readonly classView: ClassView | null;
}
