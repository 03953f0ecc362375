/**
 * Pixels of the mask overlay drawn over an image: filled mask, outline, probability heatmap,
 * or true/false-positive/false-negative colours against the ground truth. Two palettes: Okabe–Ito
 * (the default; its blue, vermillion and yellow stay apart under the common colour-vision
 * deficiencies) and a high-contrast one (white, magenta, cyan) for dim screens and low vision.
 * Opacity is applied by the caller (canvas/CSS), so changing it does not redraw pixels.
 */
import { type PixelBox } from './geometry';
import { type BinaryMask, isForeground } from './mask';
import { type Raster, toUnitPlanes } from './raster';
import { defaultWindow, type IntensityWindow } from './window';

/** The overlay styles, in the order the UI offers them (keys 1, 2, …). */
export const OVERLAY_STYLES = ['fill', 'outline', 'heatmap', 'errors'] as const;

export type OverlayStyle = (typeof OVERLAY_STYLES)[number];

/** The style to draw in where there are no errors to show (no ground truth at that resolution, or a compare side): errors fall back to fill. */
export const styleWithoutErrors = (style: OverlayStyle): OverlayStyle => (style === 'errors' ? 'fill' : style);

export type Rgb = readonly [number, number, number];
interface Palette {
  readonly mask: Rgb;
  readonly outline: Rgb;
  /** The ground truth's edge, drawn with the model's in the outline style. */
  readonly truthOutline: Rgb;
  readonly truePositive: Rgb;
  readonly falsePositive: Rgb;
  readonly falseNegative: Rgb;
}

export type PaletteName = 'okabe-ito' | 'high-contrast';

export const PALETTES: Record<PaletteName, Palette> = {
  'okabe-ito': {
    mask: [0, 158, 115], // bluish green
    outline: [240, 228, 66], // yellow
    truthOutline: [86, 180, 233], // sky blue
    truePositive: [0, 114, 178], // blue
    falsePositive: [213, 94, 0], // vermillion
    falseNegative: [240, 228, 66], // yellow
  },
  'high-contrast': {
    mask: [255, 0, 255], // magenta
    outline: [0, 255, 255], // cyan
    truthOutline: [255, 0, 255], // magenta
    truePositive: [255, 255, 255], // white
    falsePositive: [255, 0, 255], // magenta
    falseNegative: [0, 255, 255], // cyan
  },
};

export const OVERLAY_COLOURS = PALETTES['okabe-ito'];

/**
 * Sides where what is drawn is cut out of a larger picture (a zoomed view's borders inside the
 * image): a mask running past such a side has no edge there, so outlines must not draw one.
 */
export interface OpenEdges {
  readonly left: boolean;
  readonly top: boolean;
  readonly right: boolean;
  readonly bottom: boolean;
}

export const CLOSED: OpenEdges = { left: false, top: false, right: false, bottom: false };

/**
 * Whether (x, y), in a width × height picture, is outside it through a side that is not open:
 * only then is it a neighbour of another kind; past an open side it counts as the pixel's own kind.
 */
function beyondClosedSide(x: number, y: number, width: number, height: number, open: OpenEdges): boolean {
  return (x < 0 && !open.left) || (y < 0 && !open.top) || (x >= width && !open.right) || (y >= height && !open.bottom);
}

/**
 * Whether pixel (x, y) of a label grid (width × height, row-major, label > 0 drawn) lies on its
 * label's edge: a 4-neighbour of another label, or a closed side of the picture. The one edge rule
 * of the class outline and the ground truth's edge (a binary mask is labels 0/1).
 */
export function onLabelEdge(data: Uint8Array, width: number, height: number, x: number, y: number, open: OpenEdges): boolean {
  const k = data[y * width + x];
  const same = (nx: number, ny: number) => (nx < 0 || ny < 0 || nx >= width || ny >= height ? !beyondClosedSide(nx, ny, width, height, open) : data[ny * width + nx] === k);
  return !(same(x - 1, y) && same(x + 1, y) && same(x, y - 1) && same(x, y + 1));
}

export interface OverlayInput {
  readonly probabilities: Float32Array;
  readonly box: PixelBox;
  readonly width: number;
  readonly height: number;
  readonly threshold: number;
  readonly style: OverlayStyle;
  readonly truth: BinaryMask | null;
  readonly palette?: PaletteName;
  /** Sides of the picture that continue beyond it (outline style); default none. */
  readonly openEdges?: OpenEdges;
}

/** Perceptually ordered ramp (approximation of viridis) for the heatmap, p = 0 to 1; the legend draws the same stops. */
export const HEAT_STOPS: readonly Rgb[] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

export function heat(p: number): Rgb {
  const stops = HEAT_STOPS;
  const x = Math.min(1, Math.max(0, p)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [stops[i], stops[i + 1]];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

/** RGBA (width × height) with transparent pixels wherever nothing is drawn. */
export function renderOverlay(input: OverlayInput): Uint8ClampedArray {
  const { probabilities, box, width, height, threshold, style, truth } = input;
  const colours = PALETTES[input.palette ?? 'okabe-ito'];
  const out = new Uint8ClampedArray(width * height * 4);
  const bw = box.x1 - box.x0;
  const bh = box.y1 - box.y0;
  const open = input.openEdges ?? CLOSED;
  // The model's mask at box coordinates; outside the box it is background, except past an open
  // side of the picture, where it continues as the pixel itself (the same rule as onLabelEdge).
  const fgAt = (bx: number, by: number) => {
    const x = bx + box.x0;
    const y = by + box.y0;
    if (x < 0 || y < 0 || x >= width || y >= height) return !beyondClosedSide(x, y, width, height, open);
    return bx >= 0 && by >= 0 && bx < bw && by < bh && isForeground(probabilities[by * bw + bx], threshold);
  };
  const put = (x: number, y: number, c: Rgb, alpha = 255) => {
    const o = (y * width + x) * 4;
    out[o] = c[0];
    out[o + 1] = c[1];
    out[o + 2] = c[2];
    out[o + 3] = alpha;
  };
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      const x = bx + box.x0;
      const y = by + box.y0;
      const p = probabilities[by * bw + bx];
      const predicted = isForeground(p, threshold);
      if (style === 'heatmap') {
        put(x, y, heat(p), Math.round(Math.min(1, Math.max(0, p)) * 255));
      } else if (style === 'errors' && truth) {
        const actual = truth.data[y * truth.width + x] === 1;
        if (predicted && actual) put(x, y, colours.truePositive);
        else if (predicted) put(x, y, colours.falsePositive);
        else if (actual) put(x, y, colours.falseNegative);
      } else if (style === 'outline') {
        if (predicted && !(fgAt(bx - 1, by) && fgAt(bx + 1, by) && fgAt(bx, by - 1) && fgAt(bx, by + 1))) {
          put(x, y, colours.outline);
        }
      } else if (predicted) {
        put(x, y, colours.mask);
      }
    }
  }
  if (style === 'outline' && truth) drawTruthEdge(out, truth, colours.truthOutline, open);
  return out;
}

/**
 * The ground truth's edges, over the whole image since the truth is not limited to the model's
 * region: the pixels of a label > 0 with a 4-neighbour of another label (a binary mask is labels
 * 0/1). Where the model's edge lies on it, the model's colour stays, so agreement reads as one
 * line and disagreement as two.
 */
export function drawTruthEdge(out: Uint8ClampedArray, truth: { readonly width: number; readonly height: number; readonly data: Uint8Array }, colour: Rgb, open: OpenEdges = CLOSED): void {
  const { width, height, data } = truth;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[y * width + x] === 0 || !onLabelEdge(data, width, height, x, y, open)) continue;
      const o = (y * width + x) * 4;
      if (out[o + 3] !== 0) continue;
      out[o] = colour[0];
      out[o + 1] = colour[1];
      out[o + 2] = colour[2];
      out[o + 3] = 255;
    }
  }
}

/** The raster as opaque RGBA for display, through the same window the model's input uses. */
export function rasterToRgba(raster: Raster, window: IntensityWindow = defaultWindow(raster)): Uint8ClampedArray {
  const n = raster.width * raster.height;
  const out = new Uint8ClampedArray(n * 4);
  const planes = toUnitPlanes(raster, raster.channels, window);
  for (let i = 0; i < n; i++) {
    const o = i * 4;
    out[o] = Math.round(planes[0][i] * 255);
    out[o + 1] = Math.round(planes[raster.channels === 3 ? 1 : 0][i] * 255);
    out[o + 2] = Math.round(planes[raster.channels === 3 ? 2 : 0][i] * 255);
    out[o + 3] = 255;
  }
  return out;
}

/** Grey 8-bit samples as opaque RGBA. */
export function greyToRgba(grey: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray(grey.length * 4);
  for (let i = 0; i < grey.length; i++) {
    out[i * 4] = grey[i];
    out[i * 4 + 1] = grey[i];
    out[i * 4 + 2] = grey[i];
    out[i * 4 + 3] = 255;
  }
  return out;
}
