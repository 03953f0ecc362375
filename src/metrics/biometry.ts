/**
 * Ellipse biometry of a segmented region (the fetal head of HC18): head circumference (HC),
 * biparietal and occipitofrontal diameters (BPD, OFD) and area, from the ellipse fitted to the
 * largest connected region's boundary (see ellipse.ts for the fit). In mm when the pixel size is
 * known, in pixels otherwise, and the result says which.
 *
 * HC is the fitted ellipse's perimeter by Ramanujan's second approximation (as the HC18
 * challenge's reference does with the annotated ellipse); BPD is its minor axis and OFD its major
 * axis (full lengths), area π a b.
 *
 * The boundary points are the centres of the region's boundary pixels (as OpenCV's contours,
 * with which HC18 results are usually measured). On HC18's own masks, which fill an outline drawn
 * 2–4 px wide around the reference ellipse, this gives HC a mean 0.71 mm from the reference over
 * the 40 shared pairs; the region's exact edge (`'edges'` in ellipse.ts) gives 1.12 mm, about
 * 1.3 px too large in each semi-axis, the half-width of the drawn line.
 */
import { boundaryPoints, type Box, type Ellipse, ellipsePerimeter, fitEllipse, largestComponent, type MaskLike } from './ellipse';

/** Where an image's pixel size came from. */
export type PixelSizeSource = 'file' | 'csv' | 'entered';

/** Pixel size in mm as DICOM gives it: [row spacing (between rows, vertical), column spacing (horizontal)]. */
export interface PixelSize {
  readonly spacing: readonly [number, number];
  readonly source: PixelSizeSource;
}

export interface Biometry {
  /** 'mm' when a pixel size was given; 'px' otherwise (then every length is in pixels, area in px²). */
  readonly unit: 'mm' | 'px';
  /** The fitted ellipse in that unit (x = column direction, y = row direction, origin at the image's top-left corner). */
  readonly ellipse: Ellipse;
  /** The same ellipse in pixel coordinates, for drawing (axes as drawn when pixels are square). */
  readonly ellipsePx: Ellipse;
  readonly hc: number;
  readonly bpd: number;
  readonly ofd: number;
  /** Area of the fitted ellipse, π a b. */
  readonly area: number;
  /** Boundary points fitted, and boundary edges left out because the region is clipped there. */
  readonly points: number;
  readonly clippedEdges: number;
}

/**
 * Fits the ellipse to `mask`'s largest region within `box` (where the mask is known: the whole
 * image by default, the region the model saw for a prediction) and measures it. `spacing` is
 * [row, column] in mm; anisotropic pixels are handled by fitting in mm. Null when there is no
 * region or it does not determine an ellipse.
 */
export function ellipseBiometry(mask: MaskLike, options: { box?: Box; spacing?: readonly [number, number] | null } = {}): Biometry | null {
  const region = largestComponent(mask, options.box);
  if (!region) return null;
  const pts = boundaryPoints(region, mask.width, mask.height, options.box);
  const pxFit = fitEllipse(pts.x, pts.y);
  if (!pxFit) return null;
  const spacing = options.spacing ?? null;
  let ellipse = pxFit;
  if (spacing && (spacing[0] !== 1 || spacing[1] !== 1)) {
    const [row, col] = spacing;
    const fit = fitEllipse(
      pts.x.map((x) => x * col),
      pts.y.map((y) => y * row),
    );
    if (!fit) return null;
    ellipse = fit;
  }
  return {
    unit: spacing ? 'mm' : 'px',
    ellipse,
    ellipsePx: pxFit,
    hc: ellipsePerimeter(ellipse.a, ellipse.b),
    bpd: 2 * ellipse.b,
    ofd: 2 * ellipse.a,
    area: Math.PI * ellipse.a * ellipse.b,
    points: pts.x.length,
    clippedEdges: pts.excluded,
  };
}

/** An image's ellipse biometry as exported: the prediction's, the ground truth's, the reference. */
export interface BiometrySummary {
  readonly pixelSize: PixelSize | null;
  readonly predicted: Biometry | null;
  /** The same measurement of the ground-truth mask, when there is one. */
  readonly truth: Biometry | null;
  /** Reference HC in mm (a CSV column, as in HC18), when given. */
  readonly referenceHc: number | null;
}

/**
 * The pixel size to measure with: the file's own (DICOM Pixel Spacing) first, else one from a
 * CSV or entered by the user; null when none is known (measurements are then in pixels).
 */
export function choosePixelSize(fromFile: readonly [number, number] | null | undefined, other: PixelSize | null | undefined): PixelSize | null {
  if (fromFile && fromFile.every((v) => Number.isFinite(v) && v > 0)) return { spacing: fromFile, source: 'file' };
  return other ?? null;
}

/**
 * Measures a prediction (within `box`, the part of the image the model saw) and, when given, its
 * ground truth (over the whole image).
 */
export function biometrySummary(
  predicted: MaskLike,
  options: { box?: Box; truth?: MaskLike | null; pixelSize?: PixelSize | null; referenceHc?: number | null },
): BiometrySummary {
  const pixelSize = options.pixelSize ?? null;
  const spacing = pixelSize?.spacing ?? null;
  return {
    pixelSize,
    predicted: ellipseBiometry(predicted, { box: options.box, spacing }),
    truth: options.truth ? ellipseBiometry(options.truth, { spacing }) : null,
    referenceHc: options.referenceHc ?? null,
  };
}

/** |HC − reference| in mm, when both are known in mm. */
export function hcDifference(measured: Biometry | null, referenceHc: number | null): number | null {
  return measured && measured.unit === 'mm' && referenceHc !== null ? Math.abs(measured.hc - referenceHc) : null;
}

/** Mean of the known differences, with how many there were; null when none. */
export function meanHcDifference(differences: readonly (number | null)[]): { mean: number; count: number } | null {
  const known = differences.filter((d): d is number => d !== null);
  return known.length === 0 ? null : { mean: known.reduce((a, b) => a + b, 0) / known.length, count: known.length };
}
