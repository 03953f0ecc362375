/**
 * PNG exports of a multi-class prediction (a label map, image/labelMap.ts):
 * - the label PNG: 8-bit grey, one class index per pixel (0 = background, k = class k of the
 *   table), the form segmentation tools and challenge datasets read as ground truth; plain grey
 *   rather than a palette PNG, since OpenCV's imread would give a palette's colours;
 * - a colour preview: each class in its table colour (model/classes.ts) over black, or blended
 *   over the image's display pixels (overlay.ts's rasterToRgba) at a given opacity.
 */
import { encode } from 'fast-png';
import { type ClassInfo, rgbOf } from '../model/classes';
import { type LabelMap } from './labelMap';

/** The label map as an 8-bit grey PNG of class indices. */
export function encodeLabelPng(map: LabelMap): Uint8Array {
  return encode({ width: map.width, height: map.height, data: map.data, depth: 8, channels: 1 });
}

/** The image under a preview: opaque RGBA display pixels of the same size, and the classes' opacity over them. */
export interface PreviewBase {
  readonly rgba: Uint8ClampedArray | Uint8Array;
  /** 0 … 1: the weight of a class colour over the image (1 hides the image under the classes). */
  readonly opacity: number;
}

/**
 * RGB pixels (3 bytes a pixel, row-major) of the preview: class k in `classes[k − 1].color`, blended
 * as `round((1 − opacity) · image + opacity · colour)` over `base` when given; background is black
 * without a base, the image with one.
 * @throws Error when `base` differs in size, its opacity is outside [0, 1], or the map holds a
 * class beyond the table.
 */
export function labelPreviewRgb(map: LabelMap, classes: readonly ClassInfo[], base: PreviewBase | null = null): Uint8Array {
  const n = map.width * map.height;
  if (base && base.rgba.length !== n * 4) throw new Error(`the preview's image has ${base.rgba.length / 4} pixels, the label map ${n}`);
  if (base && !(base.opacity >= 0 && base.opacity <= 1)) throw new Error(`opacity must be from 0 to 1, not ${base.opacity}`);
  const colours = [[0, 0, 0], ...classes.map((c) => rgbOf(c.color))];
  const out = new Uint8Array(n * 3);
  const a = base?.opacity ?? 1;
  for (let i = 0; i < n; i++) {
    const k = map.data[i];
    const colour = colours[k];
    if (!colour) throw new Error(`pixel ${i} has class ${k}, beyond the ${classes.length} classes of the table`);
    for (let c = 0; c < 3; c++) {
      if (!base) out[i * 3 + c] = colour[c];
      else out[i * 3 + c] = k === 0 ? base.rgba[i * 4 + c] : Math.round((1 - a) * base.rgba[i * 4 + c] + a * colour[c]);
    }
  }
  return out;
}

/** The preview (see labelPreviewRgb) as an 8-bit RGB PNG. */
export function encodeLabelPreviewPng(map: LabelMap, classes: readonly ClassInfo[], base: PreviewBase | null = null): Uint8Array {
  return encode({ width: map.width, height: map.height, data: labelPreviewRgb(map, classes, base), depth: 8, channels: 3 });
}

/**
 * A label map as the pixel values its class table gives each class (ClassInfo.value; 0 =
 * background): how a mask painted here is stored, so it reads back through the same table as a
 * mask file does. 8-bit, or 16-bit when a value is above 255.
 */
export function encodeClassValuePng(map: LabelMap, classes: readonly ClassInfo[]): Uint8Array {
  const wide = classes.some((c) => c.value > 255);
  const data = wide ? new Uint16Array(map.data.length) : new Uint8Array(map.data.length);
  for (let i = 0; i < data.length; i++) data[i] = map.data[i] === 0 ? 0 : (classes[map.data[i] - 1]?.value ?? 0);
  return encode({ width: map.width, height: map.height, data, depth: wide ? 16 : 8, channels: 1 });
}
