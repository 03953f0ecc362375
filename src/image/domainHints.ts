/**
 * Signs that an image may be unlike what the model was trained on, for the hints shown with the
 * results: the model found nothing at the threshold (no probability ≥ t in its output), or a
 * colour image was reduced to the model's single grey channel (luma, see raster.ts toUnitPlanes).
 * Neither proves the image is out of domain; both are what a user should know before trusting a 0.
 */
import { type Region, visibleBox } from './geometry';
import { isForeground } from './mask';

/** Below this share of image in the model's input (the rest padding), the model sees too little. */
export const MIN_IMAGE_SHARE = 0.25;
/** Above this enlargement of the region to the model's input, the model sees blown-up pixels. */
export const MAX_ENLARGEMENT = 4;

export interface DomainHints {
  /** No pixel of the model's output reaches the threshold. */
  readonly nothingFound: boolean;
  /** The image has three distinct colour channels and the model reads one. */
  readonly reducedToGrey: boolean;
}

export function domainHints(input: { readonly grid: Float32Array | null; readonly threshold: number; readonly imageChannels: number; readonly modelChannels: number }): DomainHints {
  let nothingFound = input.grid !== null;
  if (input.grid) {
    for (let i = 0; i < input.grid.length; i++) {
      if (isForeground(input.grid[i], input.threshold)) {
        nothingFound = false;
        break;
      }
    }
  }
  return { nothingFound, reducedToGrey: input.imageChannels === 3 && input.modelChannels === 1 };
}

/**
 * What to say when the model sees a region unlike a full, sharp image: a strip letterboxed into
 * a square is mostly padding (a 300×20 strip is 7 % image at 256×256), and a small region is
 * enlarged several times to the model's input (a 40 px crop is blown up 6.4× at 256).
 * @param region the square region the model sees, in image pixels (may extend past the image)
 * @param width image width, px
 * @param height image height, px
 * @param modelSize the model's input side, px
 * @returns one sentence, or null when the region is a fair view
 */
export function regionHint(region: Region, width: number, height: number, modelSize: number): string | null {
  const box = visibleBox(region, width, height);
  const scale = modelSize / region.size;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const share = (w * h) / (region.size * region.size);
  if (share < MIN_IMAGE_SHARE) {
    const shown = `${Math.max(1, Math.round(w * scale))}×${Math.max(1, Math.round(h * scale))}`;
    return (
      `Only ${Math.max(1, Math.round(share * 100))} % of what the model sees is image: ${w}×${h} px shown as ${shown} in its ` +
      `${modelSize}×${modelSize} input, the rest padding — it may see too little to segment.`
    );
  }
  if (scale > MAX_ENLARGEMENT) {
    return `The model sees this ${Math.round(region.size)} px region enlarged ${scale.toFixed(1)}× to its ${modelSize}×${modelSize} input — results on regions this small are unreliable.`;
  }
  return null;
}
