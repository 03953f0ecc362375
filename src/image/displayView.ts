/**
 * What the viewer draws of an image: a grid of view pixels, each showing the image pixel under
 * its centre. The overview covers the whole image with at most `DISPLAY_MAX_SIDE` pixels on its
 * long side; a detail view covers the visible part of a zoomed image, down to one view pixel per
 * image pixel. Display only: a 12000×12000 scan drawn whole took 1.1 GB of RGBA per layer and
 * every threshold step repainted 144 million pixels; metrics never read these views (they count
 * every image pixel, metrics/thresholdHistogram.ts).
 */
import { type PixelBox, type Region } from './geometry';
import { type BinaryMask } from './mask';
import { type Raster } from './raster';
import { type Segmentation } from './segmentation';

/** Long side of the overview, in view pixels: about a 4K screen's width; 16 MiB of RGBA per layer. */
export const DISPLAY_MAX_SIDE = 2048;

export interface DisplayView {
  /** Image position of the view's top-left corner, in image pixels (whole pixels). */
  readonly x0: number;
  readonly y0: number;
  /** Image pixels per view pixel (≥ 1; 1 is the image's own resolution). */
  readonly step: number;
  /** Size of the view, in view pixels. */
  readonly width: number;
  readonly height: number;
}

/** The whole image, down-sampled so its long side fits `maxSide`; a smaller image is shown as it is. */
export function overviewOf(width: number, height: number, maxSide = DISPLAY_MAX_SIDE): DisplayView {
  const step = Math.max(1, Math.max(width, height) / maxSide);
  return { x0: 0, y0: 0, step, width: Math.min(maxSide, Math.ceil(width / step)), height: Math.min(maxSide, Math.ceil(height / step)) };
}

/**
 * The part of a width × height image between image coordinates [left, right) × [top, bottom) (what
 * the screen shows), at `step` image pixels per view pixel, snapped out to whole pixels and
 * clipped to the image; null when nothing of the image is in it.
 */
export function regionView(width: number, height: number, left: number, top: number, right: number, bottom: number, step: number): DisplayView | null {
  const s = Math.max(1, step);
  const x0 = Math.max(0, Math.floor(left));
  const y0 = Math.max(0, Math.floor(top));
  const x1 = Math.min(width, Math.ceil(right));
  const y1 = Math.min(height, Math.ceil(bottom));
  if (x1 <= x0 || y1 <= y0) return null;
  return { x0, y0, step: s, width: Math.ceil((x1 - x0) / s), height: Math.ceil((y1 - y0) / s) };
}

/** The image pixel under the centre of each view column (or row), clamped to the image. */
export function sampleIndices(origin: number, step: number, count: number, limit: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = Math.min(limit - 1, Math.floor(origin + (i + 0.5) * step));
  return out;
}

/** Samples of a row-major, interleaved image at the view's pixels (same sample type). */
function sampleInterleaved<T extends Uint8Array | Uint16Array | Float32Array>(data: T, width: number, channels: number, xs: Int32Array, ys: Int32Array, make: (n: number) => T): T {
  const out = make(xs.length * ys.length * channels);
  let o = 0;
  for (let j = 0; j < ys.length; j++) {
    const row = ys[j] * width;
    for (let i = 0; i < xs.length; i++) {
      const at = (row + xs[i]) * channels;
      for (let c = 0; c < channels; c++) out[o++] = data[at + c];
    }
  }
  return out;
}

const like = <T extends Uint8Array | Uint16Array | Float32Array>(data: T) => (n: number) => new (data.constructor as new (n: number) => T)(n);

/** The raster as seen through the view: the same samples, bit depth and scan facts, view-sized. */
export function sampleRaster(raster: Raster, view: DisplayView): Raster {
  const xs = sampleIndices(view.x0, view.step, view.width, raster.width);
  const ys = sampleIndices(view.y0, view.step, view.height, raster.height);
  const data = sampleInterleaved(raster.data, raster.width, raster.channels, xs, ys, like(raster.data));
  const paletteIndices = raster.paletteIndices ? sampleInterleaved(raster.paletteIndices, raster.width, 1, xs, ys, like(raster.paletteIndices)) : undefined;
  return { ...raster, width: view.width, height: view.height, data, ...(paletteIndices ? { paletteIndices } : {}) };
}

/** A mask (or label map) as seen through the view. */
export function sampleMask<M extends Pick<BinaryMask, 'width' | 'height' | 'data'>>(mask: M, view: DisplayView): M {
  const xs = sampleIndices(view.x0, view.step, view.width, mask.width);
  const ys = sampleIndices(view.y0, view.step, view.height, mask.height);
  return { ...mask, width: view.width, height: view.height, data: sampleInterleaved(mask.data, mask.width, 1, xs, ys, (n) => new Uint8Array(n)) };
}

/** View pixels whose centre lies in [from, to) along one axis of the image. */
function axisInView(from: number, to: number, origin: number, step: number, count: number): [number, number] {
  const first = Math.min(count, Math.max(0, Math.ceil((from - origin) / step - 0.5)));
  const last = Math.min(count, Math.max(first, Math.ceil((to - origin) / step - 0.5)));
  return [first, last];
}

/**
 * The segmentation in view coordinates: the same grid, its region and box mapped onto the view, so
 * the overlay code draws it at the view's size as it would on the image (at step 1 the
 * probabilities are the image's own). The grid is a new view of the same memory: the per-grid
 * caches of image/segmentation.ts then never confuse it with the full-size answer.
 */
export function segmentationInView(segmentation: Segmentation, view: DisplayView): Segmentation {
  const { region, box } = segmentation;
  const mapped = regionInView(region, view);
  const [x0, x1] = axisInView(box.x0, box.x1, view.x0, view.step, view.width);
  const [y0, y1] = axisInView(box.y0, box.y1, view.y0, view.step, view.height);
  const viewBox: PixelBox = { x0, y0, x1, y1 };
  return { ...segmentation, grid: segmentation.grid.subarray(0), classGrids: segmentation.classGrids?.subarray(0) ?? null, region: mapped, box: viewBox };
}

/**
 * A region of the image in view coordinates. The viewer's "what the model sees" of a large image
 * is resampled from the overview with it (display only: the model itself reads every pixel, in
 * the engine worker; at 12000² redoing that here took seconds of the page's thread).
 */
export function regionInView(region: Region, view: DisplayView): Region {
  return { x: (region.x - view.x0) / view.step, y: (region.y - view.y0) / view.step, size: region.size / view.step };
}

export const sameView = (a: DisplayView | null, b: DisplayView | null): boolean =>
  a === b || (a !== null && b !== null && a.x0 === b.x0 && a.y0 === b.y0 && a.step === b.step && a.width === b.width && a.height === b.height);

/**
 * The detail view worth drawing over the overview for what the screen shows: the visible part of
 * the image ([left, right) × [top, bottom) in image pixels) at `screenStep` image pixels per device
 * pixel, rounded down to a power of two (finer, never coarser, than the screen) and made coarser
 * again if it would hold more than DISPLAY_MAX_SIDE² pixels; null when the overview is already as
 * fine as that (the whole image on screen, or a small image shown at its own resolution).
 */
export function detailView(width: number, height: number, visible: { left: number; top: number; right: number; bottom: number }, screenStep: number, overviewStep: number): DisplayView | null {
  let step = 2 ** Math.floor(Math.log2(Math.max(1, screenStep)));
  if (step >= overviewStep) return null;
  const cap = DISPLAY_MAX_SIDE * DISPLAY_MAX_SIDE;
  for (;;) {
    const view = regionView(width, height, visible.left, visible.top, visible.right, visible.bottom, step);
    if (!view || view.width * view.height <= cap) return view && step < overviewStep ? view : null;
    step *= 2;
  }
}
