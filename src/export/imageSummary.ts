/**
 * `images.csv`, one row per exported image, the same in the app's export and `npm run segment`:
 * predicted foreground in pixels and, when the file gives its pixel spacing, in mm²; and the exact
 * mapping from the file's values to the model's input (window, then the model's scaling).
 *
 * For a model that measures ellipses (metadata `"measure": "ellipse"`), ellipse biometry columns
 * follow, after all the others: the fitted ellipse's HC, BPD, OFD and area in mm (empty without a
 * pixel size) and in pixels, its centre and angle, the pixel size and where it came from, the
 * reference HC with the absolute difference, and the same measurements of the ground-truth mask.
 */
import { describeIntensity, type IntensityMode } from '../image/intensity';
import { type BinaryMask } from '../image/mask';
import { type ScanInfo } from '../image/raster';
import { describeWindow, type IntensityWindow } from '../image/window';
import { type Biometry, type BiometrySummary, hcDifference, type PixelSize } from '../metrics/biometry';
import { ellipsePerimeter } from '../metrics/ellipse';

export interface ImageSummaryRow {
  readonly file: string;
  readonly width: number;
  readonly height: number;
  readonly foregroundPx: number;
  readonly areaMm2: number | null;
  readonly window: IntensityWindow;
  readonly modelInput: string;
  /** Ellipse biometry, for a model that measures ellipses. */
  readonly biometry?: BiometrySummary;
  /** The image's ground truth: from a file, corrected here (with the model's Dice against it), or none ('model'). */
  readonly groundTruth?: GroundTruthSummary;
}

export interface GroundTruthSummary {
  readonly source: 'file' | 'corrected' | 'model';
  /** For a corrected mask: Dice between the model's mask and the accepted one. */
  readonly modelDice: number | null;
}

/**
 * `pixelSize` (from a CSV or entered) gives the area in mm² when the file has no spacing of its
 * own; `biometry` adds the ellipse columns.
 */
export function imageSummaryRow(
  file: string,
  mask: BinaryMask,
  scan: ScanInfo | null,
  window: IntensityWindow,
  intensity: IntensityMode,
  extra: { pixelSize?: PixelSize | null; biometry?: BiometrySummary; groundTruth?: GroundTruthSummary } = {},
): ImageSummaryRow {
  let foregroundPx = 0;
  for (let i = 0; i < mask.data.length; i++) foregroundPx += mask.data[i];
  const spacing = scan?.pixelSpacing ?? extra.pixelSize?.spacing ?? extra.biometry?.pixelSize?.spacing ?? null;
  return {
    file,
    width: mask.width,
    height: mask.height,
    foregroundPx,
    areaMm2: spacing ? foregroundPx * spacing[0] * spacing[1] : null,
    window,
    modelInput: `${describeWindow(window, scan?.invert ?? false)}; then ${describeIntensity(intensity)}`,
    ...(extra.biometry ? { biometry: extra.biometry } : {}),
    ...(extra.groundTruth ? { groundTruth: extra.groundTruth } : {}),
  };
}

const cell = (value: string | number | null) => {
  const text = value === null ? '' : typeof value === 'number' ? String(Number(value.toFixed(6))) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export const BIOMETRY_COLUMNS = [
  'hc_mm',
  'bpd_mm',
  'ofd_mm',
  'ellipse_area_mm2',
  'hc_px',
  'bpd_px',
  'ofd_px',
  'ellipse_cx_px',
  'ellipse_cy_px',
  'ellipse_angle_deg',
  'pixel_size_mm',
  'pixel_size_source',
  'reference_hc_mm',
  'abs_diff_mm',
  'gt_hc_mm',
  'gt_bpd_mm',
  'gt_ofd_mm',
  'gt_abs_diff_mm',
] as const;

const mm = (b: Biometry | null | undefined, value: (b: Biometry) => number) => (b && b.unit === 'mm' ? value(b) : null);

function biometryCells(s: BiometrySummary | undefined): (string | number | null)[] {
  if (!s) return BIOMETRY_COLUMNS.map(() => null);
  const p = s.predicted;
  const px = p?.ellipsePx ?? null;
  const spacing = s.pixelSize?.spacing ?? null;
  return [
    mm(p, (b) => b.hc),
    mm(p, (b) => b.bpd),
    mm(p, (b) => b.ofd),
    mm(p, (b) => b.area),
    px && ellipsePerimeter(px.a, px.b),
    px && 2 * px.b,
    px && 2 * px.a,
    px && px.cx,
    px && px.cy,
    px && (px.angle * 180) / Math.PI,
    spacing ? (spacing[0] === spacing[1] ? spacing[0] : `${spacing[0]}\\${spacing[1]}`) : null,
    s.pixelSize?.source ?? 'none',
    s.referenceHc,
    hcDifference(p, s.referenceHc),
    mm(s.truth, (b) => b.hc),
    mm(s.truth, (b) => b.bpd),
    mm(s.truth, (b) => b.ofd),
    hcDifference(s.truth, s.referenceHc),
  ];
}

/** `ground_truth`: file, corrected (here, by hand) or model (none: only the model's mask); `model_dice_vs_corrected`: how right the model was. */
const GROUND_TRUTH_COLUMNS = ['ground_truth', 'model_dice_vs_corrected'];

export function imagesCsv(rows: readonly ImageSummaryRow[]): string {
  const measured = rows.some((r) => r.biometry);
  // Ground-truth columns when the caller knows where masks came from (the app does; npm run segment leaves them out).
  const sourced = rows.some((r) => r.groundTruth);
  const header = ['file,width,height,foreground_px,area_mm2,window_center,window_width,model_input', ...(measured ? BIOMETRY_COLUMNS : [])];
  const lines = [[...header, ...(sourced ? GROUND_TRUTH_COLUMNS : [])].join(',')];
  for (const r of rows) {
    const cells = [r.file, r.width, r.height, r.foregroundPx, r.areaMm2, r.window.center, r.window.width, r.modelInput];
    const truth = sourced ? [r.groundTruth?.source ?? 'model', r.groundTruth?.modelDice ?? null] : [];
    lines.push([...cells, ...(measured ? biometryCells(r.biometry) : []), ...truth].map(cell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
