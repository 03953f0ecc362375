/**
 * Geometry of the square region a model sees, in original-image pixel coordinates.
 *
 * One shape covers both modes: "fit" (letterbox) is the centred square whose side is the
 * image's longer side, so it reaches past the shorter side's edges (that margin is black
 * padding); "crop" is a square the user places inside the image. Pixel i spans [i, i+1).
 */

export type GeometryMode = 'fit' | 'crop';

/** Square region of the original image, in pixels; may extend past the image (padding). */
export interface Region {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/**
 * Two regions covering the same pixels. Compare by value, never by identity: a region that
 * went to the engine worker and back is a structured-clone copy.
 */
export function sameRegion(a: Region | null | undefined, b: Region | null | undefined): boolean {
  return a === b || (!!a && !!b && a.x === b.x && a.y === b.y && a.size === b.size);
}

/** Integer pixel rectangle, half-open: [x0, x1) × [y0, y1). */
export interface PixelBox {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Letterbox: pad to a square with the image centred (pad split with the odd pixel after). */
export function fitRegion(width: number, height: number): Region {
  const size = Math.max(width, height);
  return { x: -Math.floor((size - width) / 2), y: -Math.floor((size - height) / 2), size };
}

/** Default crop: the largest centred square inside the image. */
export function centredCropRegion(width: number, height: number): Region {
  const size = Math.min(width, height);
  return { x: Math.floor((width - size) / 2), y: Math.floor((height - size) / 2), size };
}

export function defaultRegion(mode: GeometryMode, width: number, height: number): Region {
  return mode === 'fit' ? fitRegion(width, height) : centredCropRegion(width, height);
}

/**
 * Keeps a user-placed crop inside the image, whole pixels, at least `minSize` wide
 * (a crop smaller than a few pixels would be upsampled into mush).
 */
export function clampCropRegion(region: Region, width: number, height: number, minSize = 8): Region {
  const maxSize = Math.min(width, height);
  const size = Math.round(Math.min(maxSize, Math.max(Math.min(minSize, maxSize), region.size)));
  const x = Math.round(Math.min(width - size, Math.max(0, region.x)));
  const y = Math.round(Math.min(height - size, Math.max(0, region.y)));
  return { x, y, size };
}

/** The pixels of the image that the region covers: where predictions and metrics live. */
export function visibleBox(region: Region, width: number, height: number): PixelBox {
  const x0 = Math.max(0, Math.ceil(region.x - 1e-9));
  const y0 = Math.max(0, Math.ceil(region.y - 1e-9));
  const x1 = Math.min(width, Math.floor(region.x + region.size + 1e-9));
  const y1 = Math.min(height, Math.floor(region.y + region.size + 1e-9));
  return { x0, y0, x1: Math.max(x0, x1), y1: Math.max(y0, y1) };
}

/** Model-grid coordinate (continuous, pixel centres at k + 0.5) of an original pixel coordinate. */
export function toModelCoordinate(original: number, regionStart: number, regionSize: number, modelSize: number): number {
  return ((original - regionStart) * modelSize) / regionSize;
}

/** Original-image coordinate of a model-grid coordinate: the inverse of `toModelCoordinate`. */
export function toOriginalCoordinate(model: number, regionStart: number, regionSize: number, modelSize: number): number {
  return regionStart + (model * regionSize) / modelSize;
}
