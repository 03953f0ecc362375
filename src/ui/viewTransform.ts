/**
 * The viewer's one view transform: how image pixels map to the viewport's CSS pixels. Every layer
 * (image, overlay, working mask, crop frame, brush cursor) sits in one container at the image's
 * own resolution and gets this transform as a CSS `translate() scale()`, so they cannot drift
 * apart; pointer positions go back through `toImage`. Pure (no DOM), so the mapping and
 * zoom-about-a-point are unit tested.
 *
 * screen = image · scale + (x, y), screen relative to the viewport's top-left corner.
 */

export interface ViewTransform {
  /** CSS pixels per image pixel (1 = 100 %). */
  readonly scale: number;
  /** Viewport position of the image's top-left corner, CSS pixels. */
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface XY {
  readonly x: number;
  readonly y: number;
}

/** Largest zoom: 32 screen pixels per image pixel is enough to place a brush on one pixel. */
export const MAX_SCALE = 32;
/** One press of +/−: √2, so two presses double. */
export const ZOOM_STEP = Math.SQRT2;
/** Pixels of the image kept inside the viewport when panning, so it cannot be lost off-screen. */
const KEEP_VISIBLE = 48;

export function toScreen(t: ViewTransform, p: XY): XY {
  return { x: p.x * t.scale + t.x, y: p.y * t.scale + t.y };
}

export function toImage(t: ViewTransform, p: XY): XY {
  return { x: (p.x - t.x) / t.scale, y: (p.y - t.y) / t.scale };
}

/** The whole image, as large as fits, centred. */
export function fitTransform(image: Size, viewport: Size): ViewTransform {
  if (image.width <= 0 || image.height <= 0 || viewport.width <= 0 || viewport.height <= 0) return { scale: 1, x: 0, y: 0 };
  const scale = Math.min(viewport.width / image.width, viewport.height / image.height);
  return { scale, x: (viewport.width - image.width * scale) / 2, y: (viewport.height - image.height * scale) / 2 };
}

/** Smallest zoom: half the fit (or 100 %, for an image smaller than the viewport at fit). */
export function minScale(image: Size, viewport: Size): number {
  return Math.min(1, fitTransform(image, viewport).scale) / 2;
}

/** Zoom to `scale` (clamped) keeping the image point under `anchor` (viewport CSS pixels) where it is. */
export function zoomTo(t: ViewTransform, scale: number, anchor: XY, limits: { min: number; max: number }): ViewTransform {
  const s = Math.min(limits.max, Math.max(limits.min, scale));
  const p = toImage(t, anchor);
  return { scale: s, x: anchor.x - p.x * s, y: anchor.y - p.y * s };
}

/** Zoom by `factor` about `anchor`. */
export function zoomAbout(t: ViewTransform, factor: number, anchor: XY, limits: { min: number; max: number }): ViewTransform {
  return zoomTo(t, t.scale * factor, anchor, limits);
}

export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { scale: t.scale, x: t.x + dx, y: t.y + dy };
}

/** Keeps at least a strip of the image (or all of it, if smaller) inside the viewport. */
export function clampPan(t: ViewTransform, image: Size, viewport: Size): ViewTransform {
  const axis = (offset: number, length: number, room: number) => {
    const keep = Math.min(KEEP_VISIBLE, length, room);
    return Math.min(room - keep, Math.max(keep - length, offset));
  };
  return { scale: t.scale, x: axis(t.x, image.width * t.scale, viewport.width), y: axis(t.y, image.height * t.scale, viewport.height) };
}

/** The transform as CSS, for a container whose `transform-origin` is its top-left corner. */
export function cssTransform(t: ViewTransform): string {
  return `translate(${t.x}px, ${t.y}px) scale(${t.scale})`;
}

/**
 * Zoom factor for a wheel event. Trackpad pinches arrive as wheel events with ctrlKey and small
 * deltas, mouse wheels as ±100 px (or lines/pages, by deltaMode): one notch of a mouse wheel is
 * about one +/− step either way.
 */
export function wheelFactor(deltaY: number, deltaMode: number, ctrlKey: boolean): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 800 : deltaY;
  const perPixel = ctrlKey ? 0.01 : Math.log(ZOOM_STEP) / 100;
  return Math.exp(-pixels * perPixel);
}
