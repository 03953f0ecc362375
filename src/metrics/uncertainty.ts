/**
 * How unsure the model is about an image, for images without ground truth (to review the most
 * uncertain first). Computed over the probabilities of the pixels the model saw (its region on
 * the image, e.g. `probabilitiesOnImage(segmentation)`), never over the image outside it.
 *
 * - `uncertainShare`: the share of those pixels whose foreground probability lies in the middle
 *   band [UNCERTAIN_LOW, UNCERTAIN_HIGH] = [0.1, 0.9], both ends included; 0 = every pixel decided,
 *   1 = none.
 * - `meanEntropy`: the mean binary entropy −p·log₂p − (1−p)·log₂(1−p), in bits (0 … 1).
 */

/** Lower end of the middle band, included. */
export const UNCERTAIN_LOW = 0.1;
/** Upper end of the middle band, included. */
export const UNCERTAIN_HIGH = 0.9;

export interface Uncertainty {
  /** Share (0 … 1) of pixels with probability in [0.1, 0.9]. */
  readonly uncertainShare: number;
  /** Mean binary entropy in bits per pixel (0 … 1). */
  readonly meanEntropy: number;
  /** Pixels counted. */
  readonly pixels: number;
}

/** Binary entropy of a probability, in bits; 0 at 0 and 1. */
export function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log2(p) + (1 - p) * Math.log2(1 - p));
}

/** Uncertainty of foreground probabilities (0 … 1 each); null for no pixels. */
export function uncertainty(probabilities: ArrayLike<number>): Uncertainty | null {
  const n = probabilities.length;
  if (n === 0) return null;
  let band = 0;
  let entropy = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i];
    if (p >= UNCERTAIN_LOW && p <= UNCERTAIN_HIGH) band++;
    entropy += binaryEntropy(p);
  }
  return { uncertainShare: band / n, meanEntropy: entropy / n, pixels: n };
}
