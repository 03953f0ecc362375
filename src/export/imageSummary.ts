/**
 * `images.csv`, one row per exported image, the same in the app's export and `npm run segment`:
 * predicted foreground in pixels and, when the file gives its pixel spacing, in mm²; and the exact
 * mapping from the file's values to the model's input (window, then the model's scaling).
 *
 * For a multi-class model (more than one class), each class's area follows the model-input
 * column: `<class name>_px` and `<class name>_mm2` (empty without a pixel size), in the order of
 * the class table; `foreground_px` and `area_mm2` stay the area of every class together.
 *
 * For a model that measures ellipses (metadata `"measure": "ellipse"`), ellipse biometry columns
 * follow, after all the others: the fitted ellipse's HC, BPD, OFD and area in mm (empty without a
 * pixel size) and in pixels, its centre and angle, the pixel size and where it came from, the
 * reference HC with the absolute difference, and the same measurements of the ground-truth mask.
 */
import { describeIntensity, type IntensityMode } from '../image/intensity';
import { type LabelMap } from '../image/labelMap';
import { type BinaryMask } from '../image/mask';
import { type ScanInfo } from '../image/raster';
import { describeWindow, type IntensityWindow } from '../image/window';
import { type Biometry, type BiometrySummary, hcDifference, type PixelSize } from '../metrics/biometry';
import { ellipsePerimeter } from '../metrics/ellipse';
import { type ClassInfo } from '../model/classes';

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
  /** For a multi-class model: the area of each class, in the order of the class table. */
  readonly classAreas?: readonly ClassArea[];
  /** For a model that measures the angle of progression: degrees of the prediction and, with a label mask, of the ground truth. */
  readonly aop?: { readonly predicted: number | null; readonly truth: number | null };
}

export interface ClassArea {
  readonly name: string;
  readonly px: number;
  /** With a pixel size; else null. */
  readonly mm2: number | null;
}

export interface GroundTruthSummary {
  readonly source: 'file' | 'corrected' | 'model';
  /** For a corrected mask: Dice between the model's mask and the accepted one. */
  readonly modelDice: number | null;
}

/**
 * `pixelSize` (from a CSV or entered) gives the area in mm² when the file has no spacing of its
 * own; `biometry` adds the ellipse columns; `labels` (the predicted label map and the class table)
 * adds each class's area when the table has more than one class.
 * @throws Error when the label map differs from the mask in size or holds a class beyond the table.
 */
export function imageSummaryRow(
  file: string,
  mask: BinaryMask,
  scan: ScanInfo | null,
  window: IntensityWindow,
  intensity: IntensityMode,
  extra: {
    pixelSize?: PixelSize | null;
    biometry?: BiometrySummary;
    groundTruth?: GroundTruthSummary;
    labels?: { readonly map: LabelMap; readonly classes: readonly ClassInfo[] };
    aop?: { readonly predicted: number | null; readonly truth: number | null };
  } = {},
): ImageSummaryRow {
  let foregroundPx = 0;
  for (let i = 0; i < mask.data.length; i++) foregroundPx += mask.data[i];
  const spacing = scan?.pixelSpacing ?? extra.pixelSize?.spacing ?? extra.biometry?.pixelSize?.spacing ?? null;
  const classAreas = extra.labels && extra.labels.classes.length > 1 ? areasOf(extra.labels.map, extra.labels.classes, mask, spacing) : null;
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
    ...(classAreas ? { classAreas } : {}),
    ...(extra.aop ? { aop: extra.aop } : {}),
  };
}

function areasOf(map: LabelMap, classes: readonly ClassInfo[], mask: BinaryMask, spacing: readonly [number, number] | null): ClassArea[] {
  if (map.width !== mask.width || map.height !== mask.height) throw new Error(`the label map is ${map.width}×${map.height}, the mask ${mask.width}×${mask.height}`);
  const counts = new Array<number>(classes.length + 1).fill(0);
  for (const k of map.data) {
    if (k > classes.length) throw new Error(`the label map has class ${k}, beyond the ${classes.length} classes of the table`);
    counts[k]++;
  }
  return classes.map((c, i) => ({ name: c.name, px: counts[i + 1], mm2: spacing ? counts[i + 1] * spacing[0] * spacing[1] : null }));
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

/** Angle of progression (degrees): the model's, the ground truth's measured the same way, and their absolute difference. */
const AOP_COLUMNS = ['aop_deg', 'aop_truth_deg', 'aop_abs_diff_deg'];

/** `ground_truth`: file, corrected (here, by hand) or model (none: only the model's mask); `model_dice_vs_corrected`: how right the model was. */
const GROUND_TRUTH_COLUMNS = ['ground_truth', 'model_dice_vs_corrected'];

export function imagesCsv(rows: readonly ImageSummaryRow[]): string {
  const measured = rows.some((r) => r.biometry);
  // Ground-truth columns when the caller knows where masks came from (the app does; npm run segment leaves them out).
  const sourced = rows.some((r) => r.groundTruth);
  // Class columns from the first row with areas (one model, one class table per export).
  const classNames = rows.find((r) => r.classAreas)?.classAreas?.map((a) => a.name) ?? [];
  const classColumns = classNames.flatMap((name) => [cell(`${name}_px`), cell(`${name}_mm2`)]);
  const angled = rows.some((r) => r.aop);
  const header = [
    'file,width,height,foreground_px,area_mm2,window_center,window_width,model_input',
    ...classColumns,
    ...(measured ? BIOMETRY_COLUMNS : []),
    ...(angled ? AOP_COLUMNS : []),
  ];
  const lines = [[...header, ...(sourced ? GROUND_TRUTH_COLUMNS : [])].join(',')];
  for (const r of rows) {
    const cells = [r.file, r.width, r.height, r.foregroundPx, r.areaMm2, r.window.center, r.window.width, r.modelInput];
    const areas = classNames.flatMap((_, i) => [r.classAreas?.[i]?.px ?? null, r.classAreas?.[i]?.mm2 ?? null]);
    const truth = sourced ? [r.groundTruth?.source ?? 'model', r.groundTruth?.modelDice ?? null] : [];
    const aop = angled ? [r.aop?.predicted ?? null, r.aop?.truth ?? null, r.aop?.predicted != null && r.aop.truth != null ? Math.abs(r.aop.predicted - r.aop.truth) : null] : [];
    lines.push([...cells, ...areas, ...(measured ? biometryCells(r.biometry) : []), ...aop, ...truth].map(cell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
