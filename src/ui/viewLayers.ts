/**
 * The pixels of the viewer's layers for one display view (image/displayView.ts): the image through
 * its window, and the overlay at the threshold. The overview and the zoomed detail share this, so
 * both draw exactly as the whole image would at their own size. Plain functions: the components
 * memoize them, so a threshold step redraws only the view's pixels, never the image's.
 */
import { DISPLAY_MAX_SIDE, type DisplayView, sampleMask, sampleRaster, segmentationInView } from '../image/displayView';
import { type BinaryMask } from '../image/mask';
import { type LabelMap } from '../image/labelMap';
import { CLOSED, type OpenEdges, type OverlayStyle, type PaletteName, rasterToRgba, renderOverlay } from '../image/overlay';
import { type Raster } from '../image/raster';
import { probabilitiesOnImage, type Segmentation } from '../image/segmentation';
import { type IntensityWindow } from '../image/window';
import { type ClassView, classOverlayOf } from './overlayPixels';

/** The view is the whole width × height image at its own resolution (nothing to sample). */
export const whole = (view: DisplayView, width: number, height: number): boolean => view.step === 1 && view.x0 === 0 && view.y0 === 0 && view.width === width && view.height === height;

/** The image's samples in the view (the image itself when the view is all of it). */
export function rasterInView(raster: Raster, view: DisplayView): Raster {
  return whole(view, raster.width, raster.height) ? raster : sampleRaster(raster, view);
}

/** The image's pixels in the view, through the window. */
export function baseInView(raster: Raster, window: IntensityWindow | undefined, view: DisplayView): Uint8ClampedArray {
  return rasterToRgba(rasterInView(raster, view), window);
}

/**
 * Long side of the overview: the screen's in device pixels (more would be drawn and never seen
 * at fit), at most DISPLAY_MAX_SIDE. The screen, not the stage: it does not change as the page
 * is resized, so the overview is not redrawn on every resize.
 */
export function overviewSide(): number {
  const dpr = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const side = typeof screen === 'undefined' ? 0 : Math.max(screen.width, screen.height) * dpr;
  return side > 0 ? Math.min(DISPLAY_MAX_SIDE, Math.ceil(side)) : DISPLAY_MAX_SIDE;
}

/** What the overlay is drawn from, already in view coordinates (made once per view, reused at every threshold). */
export interface OverlaySource {
  readonly segmentation: Segmentation;
  readonly truth: BinaryMask | null;
  readonly truthLabels: LabelMap | null;
  readonly view: DisplayView;
  /** The view's sides that lie inside the image: outlines draw no edge against them. */
  readonly open: OpenEdges;
}

export function overlaySource(segmentation: Segmentation, truth: BinaryMask | null, truthLabels: LabelMap | null, view: DisplayView, width: number, height: number): OverlaySource {
  if (whole(view, width, height)) return { segmentation, truth, truthLabels, view, open: CLOSED };
  // Half a pixel of slack: an overview's fractional step can reach the border at 4000.9999… of 4001.
  const open = { left: view.x0 > 0, top: view.y0 > 0, right: view.x0 + view.width * view.step < width - 0.5, bottom: view.y0 + view.height * view.step < height - 0.5 };
  return {
    segmentation: segmentationInView(segmentation, view),
    truth: truth && sampleMask(truth, view),
    truthLabels: truthLabels && sampleMask(truthLabels, view),
    view,
    open,
  };
}

export interface OverlayLook {
  readonly threshold: number;
  readonly style: OverlayStyle;
  readonly palette: PaletteName;
  readonly classView: ClassView | null;
}

/** The overlay's RGBA at the view's size. */
export function overlayInView(source: OverlaySource, look: OverlayLook): Uint8ClampedArray {
  const { segmentation, view } = source;
  if (look.classView) return classOverlayOf(segmentation, view.width, view.height, look.threshold, source.truthLabels, look.classView, source.open);
  return renderOverlay({
    probabilities: probabilitiesOnImage(segmentation),
    box: segmentation.box,
    width: view.width,
    height: view.height,
    threshold: look.threshold,
    style: look.style,
    truth: source.truth,
    palette: look.palette,
    openEdges: source.open,
  });
}
