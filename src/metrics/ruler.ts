/**
 * Lengths and areas on an image in mm from its pixel spacing (DICOM order: row spacing, i.e. the
 * vertical size of a pixel, then column spacing, the horizontal), for the ruler and the mask areas.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * The distance between two image points (continuous pixel coordinates): in px, and in mm as
 * √((Δx · column spacing)² + (Δy · row spacing)²) when the spacing is known (else null), so
 * non-square pixels are measured right.
 */
export function rulerLength(a: Point, b: Point, spacing: readonly [number, number] | null): { px: number; mm: number | null } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  return { px: Math.hypot(dx, dy), mm: spacing ? Math.hypot(dx * spacing[1], dy * spacing[0]) : null };
}

/** The area of `count` pixels in mm² (count × row spacing × column spacing), or null without a spacing. */
export function areaMm2(count: number, spacing: readonly [number, number] | null): number | null {
  return spacing ? count * spacing[0] * spacing[1] : null;
}

/** Pixels set in a mask (non-zero bytes). */
export function countSet(data: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < data.length; i++) if (data[i]) n++;
  return n;
}
