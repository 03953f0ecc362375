/**
 * Multi-class ground truth and predictions as label maps: one class index per pixel (0 =
 * background, k = class k of the model's class table, model/classes.ts), row-major, one byte each
 * (up to 255 classes). A binary mask is the label map of one class.
 *
 * Mask files hold each class as a pixel value (`ClassInfo.value`, the class index unless the model
 * says otherwise): 8- or 16-bit grey, or a palette PNG's (or BMP's) indices, which decode keeps
 * beside the palette's colours (`Raster.paletteIndices`) in the browser and in Node alike, since
 * both decode PNG and BMP with our portable decoders. A palette GIF goes through the browser's
 * createImageBitmap, which expands the palette to colours; its indices are lost, so it is read
 * by its grey values or refused as RGB. A value no class stands for is refused with the value
 * named, never read as background.
 */
import { type ClassInfo } from '../model/classes';
import { type BinaryMask } from './mask';
import { type Raster } from './raster';

export interface LabelMap {
  readonly width: number;
  readonly height: number;
  /** Class index per pixel, 0 = background. */
  readonly data: Uint8Array;
}

export class LabelMapError extends Error {}

/**
 * Reads a decoded mask file as class indices through the class table: a palette image by its
 * indices, any other by its grey values. An RGB mask without a palette is refused (a colour-coded
 * label image needs its colours in the table, which this product does not read).
 * @throws LabelMapError naming the values no class stands for (with their pixel counts).
 */
export function labelMapFromRaster(raster: Raster, classes: readonly ClassInfo[]): LabelMap {
  if (raster.channels !== 1 && !raster.paletteIndices) {
    throw new LabelMapError(`the mask is RGB; a multi-class mask must be one channel of class values (0 = background, ${classes.map((c) => `${c.value} = ${c.name}`).join(', ')})`);
  }
  const classOf = new Map<number, number>([[0, 0]]);
  classes.forEach((c, i) => classOf.set(c.value, i + 1));
  const n = raster.width * raster.height;
  const data = new Uint8Array(n);
  const unknown = new Map<number, number>();
  const values = raster.paletteIndices ?? raster.data;
  for (let i = 0; i < n; i++) {
    const k = classOf.get(values[i]);
    if (k === undefined) unknown.set(values[i], (unknown.get(values[i]) ?? 0) + 1);
    else data[i] = k;
  }
  if (unknown.size > 0) {
    const listed = [...unknown].sort((a, b) => a[0] - b[0]);
    const shown = listed.slice(0, 5).map(([v, count]) => `${v} (${count} px)`).join(', ');
    throw new LabelMapError(
      `the mask has value${listed.length === 1 ? '' : 's'} ${shown}${listed.length > 5 ? ` and ${listed.length - 5} more` : ''} that no class stands for; ` +
        `the model's classes are 0 = background, ${classes.map((c) => `${c.value} = ${c.name}`).join(', ')}`,
    );
  }
  return { width: raster.width, height: raster.height, data };
}

/** The classes present in a label map (indices > 0, ascending). */
export function classesPresent(map: LabelMap): number[] {
  const seen = new Set<number>();
  for (const v of map.data) if (v > 0) seen.add(v);
  return [...seen].sort((a, b) => a - b);
}

/** The pixels of class k as a 0/1 mask. */
export function classMask(map: LabelMap, k: number): Uint8Array {
  const out = new Uint8Array(map.data.length);
  for (let i = 0; i < out.length; i++) out[i] = map.data[i] === k ? 1 : 0;
  return out;
}

/** Every class together (label > 0) as a 0/1 mask: the foreground of a multi-class prediction. */
export function foregroundMask(map: LabelMap): BinaryMask {
  const data = new Uint8Array(map.data.length);
  for (let i = 0; i < data.length; i++) data[i] = map.data[i] > 0 ? 1 : 0;
  return { width: map.width, height: map.height, data };
}
