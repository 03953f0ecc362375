/**
 * Signs that an image may be unlike what the model was trained on, for the hints shown with the
 * results: the model found nothing at the threshold (no probability ≥ t in its output), or a
 * colour image was reduced to the model's single grey channel (luma, see raster.ts toUnitPlanes).
 * Neither proves the image is out of domain; both are what a user should know before trusting a 0.
 */
import { isForeground } from './mask';

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
