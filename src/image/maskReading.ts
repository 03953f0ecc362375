/**
 * How a ground-truth file's values are read as foreground. Masks come in four kinds, and reading
 * one as another is silent and wrong (a 16-bit label map cut at half its type maximum reads as
 * empty and scores Dice 1 against an empty prediction):
 * - **binary**: two values, e.g. 0/255, 0/1, 0/65535; the larger is foreground;
 * - **soft**: a binary mask with anti-aliased or lossy edges (resampled, JPEG); foreground is
 *   at or above half the largest value present;
 * - **label map**: integer labels 0…N (instance or class labels, as StarDist, Cellpose and most
 *   challenge datasets ship); every non-zero label is foreground for a binary model;
 * - **empty**: nothing above 0.
 * Soft and label maps both have values between 0 and the maximum; they differ in shape: a label
 * map is piecewise constant (labelled regions), an anti-aliased edge is a one- or two-pixel
 * ramp. So a mask whose in-between values (0 < v < max) mostly sit inside constant 2×2 blocks,
 * and are integers, is a label map (a 0/1/2 class map included, which has no value below half
 * its maximum).
 */

export type MaskReading =
  | { readonly kind: 'empty' }
  | { readonly kind: 'binary'; readonly foreground: number }
  | { readonly kind: 'soft'; readonly cut: number; readonly max: number }
  | { readonly kind: 'label-map'; readonly labels: number; readonly maxLabel: number };

/** Share of low-valued pixels inside constant 2×2 blocks above which a mask is a label map. */
const LABEL_BLOCK_SHARE = 0.5;

/**
 * Decides how to read `values` (one per pixel, row-major, `width` per row; grey, or an RGB mask's
 * brightest channel) as foreground. Values ≤ 0 are background.
 */
export function readMaskValues(values: ArrayLike<number>, width: number): MaskReading {
  const n = values.length;
  let max = 0;
  let integer = true;
  let background = false;
  const distinct = new Set<number>();
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v > max) max = v;
    if (integer && !Number.isInteger(v)) integer = false;
    if (v <= 0) background = true;
    else if (distinct.size <= 65536) distinct.add(v);
  }
  if (max <= 0) return { kind: 'empty' };
  // Two values: the larger is foreground, also when the smaller is not 0 (1 = background, 2 = object).
  if (distinct.size === 1 || (!background && distinct.size === 2)) return { kind: 'binary', foreground: max };
  const cut = max / 2;
  let low = 0;
  let lowInBlocks = 0;
  const height = Math.floor(n / width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const v = values[i];
      // Values strictly between 0 and the maximum: a soft edge's ramp, or a label map's lower
      // labels (0/1/2 class maps have no value below half the maximum, yet are label maps).
      if (v <= 0 || v >= max) continue;
      low++;
      if (x + 1 < width && y + 1 < height && values[i + 1] === v && values[i + width] === v && values[i + width + 1] === v) lowInBlocks++;
    }
  }
  if (integer && low > 0 && lowInBlocks >= LABEL_BLOCK_SHARE * low) {
    return { kind: 'label-map', labels: distinct.size, maxLabel: max };
  }
  return { kind: 'soft', cut, max };
}

/** Whether a value is foreground under a reading. */
export function isMaskForeground(value: number, reading: MaskReading): boolean {
  switch (reading.kind) {
    case 'empty':
      return false;
    case 'binary':
      return value >= reading.foreground;
    case 'soft':
      return value >= reading.cut;
    case 'label-map':
      return value > 0;
  }
}

/** One line for the user: how the mask file was read. */
export function describeMaskReading(reading: MaskReading): string {
  switch (reading.kind) {
    case 'empty':
      return 'empty mask (no value above 0)';
    case 'binary':
      return `binary mask (${reading.foreground} = foreground)`;
    case 'soft':
      return `soft-edged mask (values ≥ ${Number(reading.cut.toFixed(4))}, half of its maximum ${Number(reading.max.toFixed(4))}, are foreground)`;
    case 'label-map':
      return `label map (${reading.labels} label${reading.labels === 1 ? '' : 's'}, 1…${reading.maxLabel}): every non-zero label is foreground${reading.labels > 1 ? ' — a one-class model is scored against all of them together' : ''}`;
  }
}
