/**
 * The ground truth drawn as the prediction is drawn (same palette, fill or outline, class colours
 * for several classes), so the compare views put like beside like. The truth has no
 * probabilities and no errors against itself: the heatmap and the error view show it filled.
 */
import { renderClassOverlay } from './classOverlay';
import { type LabelMap } from './labelMap';
import { type BinaryMask } from './mask';
import { type OverlayStyle, type PaletteName, renderOverlay, type Rgb } from './overlay';

/** The style the truth is drawn in when the prediction is drawn in `style`. */
export const truthStyle = (style: OverlayStyle): OverlayStyle => (style === 'outline' ? 'outline' : 'fill');

/** A binary ground truth as RGBA at its own size, transparent where it is background. */
export function truthOverlay(truth: BinaryMask, style: OverlayStyle, palette: PaletteName): Uint8ClampedArray {
  const { width, height } = truth;
  return renderOverlay({
    probabilities: Float32Array.from(truth.data),
    box: { x0: 0, y0: 0, x1: width, y1: height },
    width,
    height,
    threshold: 0.5,
    style: truthStyle(style),
    truth: null,
    palette,
  });
}

export interface TruthClassView {
  /** Colour of class k at index k − 1. */
  readonly colours: readonly Rgb[];
  readonly hidden: ReadonlySet<number>;
  readonly opacity?: readonly number[];
  readonly chosen: number;
  readonly style: OverlayStyle;
  readonly palette: PaletteName;
}

/** A ground truth of class indices as RGBA, each class in its colour (hidden classes left out, as in the prediction). */
export function truthClassOverlay(labels: LabelMap, view: TruthClassView): Uint8ClampedArray {
  return renderClassOverlay({
    labels,
    colours: view.colours,
    hidden: view.hidden,
    opacity: view.opacity,
    style: truthStyle(view.style),
    chosen: view.chosen,
    chosenProbabilities: null,
    box: { x0: 0, y0: 0, x1: labels.width, y1: labels.height },
    truth: null,
    palette: view.palette,
  });
}
