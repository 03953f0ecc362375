/**
 * The viewer's swipe compare as one overlay: the columns left of a split from one overlay, the
 * rest from another, so a single canvas (and the screen, and a test reading it) shows exactly
 * what each side is. A flip is the same with the split at 0 or at the width.
 */

/** Where a split at `fraction` (0–1) of the width falls, in whole columns. */
export function splitColumn(fraction: number, width: number): number {
  return Math.round(Math.min(1, Math.max(0, fraction)) * width);
}

/**
 * RGBA (width × height): columns 0 … split − 1 from `left`, split … width − 1 from `right`.
 * Copied row by row (two typed-array copies per row), because a drag recomposes at every move and
 * a 4000 × 3000 image must keep up.
 */
export function composeSwipe(left: Uint8ClampedArray, right: Uint8ClampedArray, width: number, height: number, split: number): Uint8ClampedArray {
  if (left.length !== width * height * 4 || right.length !== width * height * 4) throw new Error(`overlays are not ${width}×${height} RGBA`);
  const at = Math.min(width, Math.max(0, Math.round(split))) * 4;
  const out = new Uint8ClampedArray(width * height * 4);
  const row = width * 4;
  for (let y = 0; y < height; y++) {
    const start = y * row;
    out.set(left.subarray(start, start + at), start);
    out.set(right.subarray(start + at, start + row), start + at);
  }
  return out;
}
