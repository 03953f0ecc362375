/**
 * The overlay of a model of several classes: each class filled or outlined in its own colour
 * (model/classes.ts), hidden classes left out; the heatmap and the TP / FP / FN view show one
 * chosen class (one against the rest), in the same colours as the binary overlay (overlay.ts).
 */
import { type LabelMap } from './labelMap';
import { CLOSED, drawTruthEdge, heat, type OpenEdges, onLabelEdge, type OverlayStyle, type PaletteName, PALETTES, type Rgb } from './overlay';
import { type PixelBox } from './geometry';

export interface ClassOverlayInput {
  /** The model's label map over the whole image. */
  readonly labels: LabelMap;
  /** Colour of class k at index k − 1. */
  readonly colours: readonly Rgb[];
  /** Classes (1-based) not drawn in fill and outline. */
  readonly hidden: ReadonlySet<number>;
  /** Opacity of class k (0–1) at index k − 1 in fill and outline, under the overlay's own opacity; absent: 1. */
  readonly opacity?: readonly number[];
  readonly style: OverlayStyle;
  /** The class the heatmap and the error view show (1-based). */
  readonly chosen: number;
  /** The chosen class's probabilities over `box` (heatmap). */
  readonly chosenProbabilities: Float32Array | null;
  readonly box: PixelBox;
  /** Ground truth class indices (the error view, and its edges in the outline view); null: none. */
  readonly truth: LabelMap | null;
  readonly palette?: PaletteName;
  /** Sides of the picture that continue beyond it (outline style); default none. */
  readonly openEdges?: OpenEdges;
}

/** RGBA (labels.width × labels.height) with transparent pixels wherever nothing is drawn. */
export function renderClassOverlay(input: ClassOverlayInput): Uint8ClampedArray {
  const { labels, colours, hidden, style, chosen, truth, box } = input;
  const { width, height, data } = labels;
  const out = new Uint8ClampedArray(width * height * 4);
  const put = (i: number, c: Rgb, alpha = 255) => {
    out[i * 4] = c[0];
    out[i * 4 + 1] = c[1];
    out[i * 4 + 2] = c[2];
    out[i * 4 + 3] = alpha;
  };
  if (style === 'heatmap') {
    const p = input.chosenProbabilities;
    if (!p) return out;
    const bw = box.x1 - box.x0;
    for (let y = box.y0; y < box.y1; y++) {
      for (let x = box.x0; x < box.x1; x++) {
        const v = Math.min(1, Math.max(0, p[(y - box.y0) * bw + x - box.x0]));
        put(y * width + x, heat(v), Math.round(v * 255));
      }
    }
    return out;
  }
  if (style === 'errors' && truth) {
    const c = PALETTES[input.palette ?? 'okabe-ito'];
    for (let i = 0; i < data.length; i++) {
      const predicted = data[i] === chosen;
      const actual = truth.data[i] === chosen;
      if (predicted && actual) put(i, c.truePositive);
      else if (predicted) put(i, c.falsePositive);
      else if (actual) put(i, c.falseNegative);
    }
    return out;
  }
  const outline = style === 'outline';
  const open = input.openEdges ?? CLOSED;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const k = data[i];
      if (k === 0 || hidden.has(k)) continue;
      // An edge pixel has a 4-neighbour of another class (or the picture's border, unless it is open).
      if (outline && !onLabelEdge(data, width, height, x, y, open)) continue;
      put(i, colours[k - 1], Math.round(255 * (input.opacity?.[k - 1] ?? 1)));
    }
  }
  if (outline && truth) {
    // The ground truth's edges with the model's, its hidden classes left out as the model's are.
    const shown = hidden.size === 0 ? truth.data : truth.data.map((k) => (hidden.has(k) ? 0 : k));
    drawTruthEdge(out, { width: truth.width, height: truth.height, data: shown }, PALETTES[input.palette ?? 'okabe-ito'].truthOutline, open);
  }
  return out;
}
