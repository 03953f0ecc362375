/**
 * Builds the files a user exports, the same as `npm run segment` writes for the same inputs: each
 * mask as a PNG at its image's original size (0 outside the region the model saw) — 0/255 for a
 * binary model; class indices and a colour preview for a model of several classes
 * (export/classExport.ts) — `images.csv`, `metrics.csv` for the scored pairs, a DICOM SEG per DICOM
 * image, and a ZIP of all.
 */
import { zipSync } from 'fflate';
import { type IntensityMode } from '../image/intensity';
import { foregroundMask, type LabelMap } from '../image/labelMap';
import { encodeLabelPng } from '../image/labelPng';
import { type BinaryMask, thresholdToMask } from '../image/mask';
import { type ScanInfo } from '../image/raster';
import { type GroundTruthSummary, imagesCsv, imageSummaryRow, type ImageSummaryRow } from './imageSummary';
import { encodeMaskPng } from '../image/pngEncode';
import { classMetricsCsv, type ClassMetricsRow } from '../metrics/classCsv';
import { exportStems, maskFileName, metricsCsv, type MetricsRow } from '../metrics/csv';
import { type Scores } from '../metrics/scores';
import { type ClassInfo } from '../model/classes';
import { probabilitiesOnImage, type Segmentation } from '../image/segmentation';
import { classMetricsRow, type ClassPixels, predictedLabels, previewPng, severalClasses } from './classExport';
import { type BiometrySummary, biometrySummary, type PixelSize } from '../metrics/biometry';
import { angleOfProgression, AOP_CLASSES } from '../metrics/angleOfProgression';
import { type Measure } from '../model/metadata';

export interface ExportableImage {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly segmentation: Segmentation;
  readonly scores: Scores | null;
  /** DICOM/TIFF facts (spacing for areas, UIDs for a DICOM SEG); null for plain images. */
  readonly scan: ScanInfo | null;
  /** Where the image's ground truth came from; a corrected mask (painted here) is exported too. */
  readonly groundTruth?: GroundTruthSummary & { readonly corrected: BinaryMask | null };
  /**
   * For a model of several classes: reads the image's display pixels (when `display` is asked
   * for) and its ground-truth class indices, decoding again what was let go. Called for one image
   * at a time, so a long list is never all in memory. Absent: preview over black, not scored.
   */
  readonly pixels?: (want: { readonly display: boolean }) => Promise<ClassPixels>;
  /**
   * For a model that measures (ellipse biometry, angle of progression): the image's pixel size and reference HC, and its
   * binary ground truth read again when let go (null: none), so images.csv has the page's figures.
   */
  readonly measuring?: { readonly pixelSize: PixelSize | null; readonly referenceHc: number | null; truth(): Promise<BinaryMask | null> };
}

export interface ExportContext {
  readonly threshold: number;
  readonly model: string;
  readonly backend: string;
  readonly intensity: IntensityMode;
  /** The model's class table; with more than one class the export is of class indices. Absent: binary. */
  readonly classes?: readonly ClassInfo[];
  /** What the model's settings say its region is measured as (model/metadata.ts); absent: nothing. */
  readonly measure?: Measure | null;
}

/** The model's mask: thresholded for a binary model, any class for a model of several. */
export function predictedMask(image: ExportableImage, context: Pick<ExportContext, 'threshold' | 'classes'>): BinaryMask {
  if (severalClasses(context.classes)) return foregroundMask(predictedLabels(image, context.threshold));
  return thresholdToMask(probabilitiesOnImage(image.segmentation), image.segmentation.box, image.width, image.height, context.threshold);
}

/** The PNG under `masks/`: 0/255, or class indices for a model of several classes. */
export function maskPng(image: ExportableImage, context: Pick<ExportContext, 'threshold' | 'classes'>): Uint8Array {
  return severalClasses(context.classes) ? encodeLabelPng(predictedLabels(image, context.threshold)) : encodeMaskPng(predictedMask(image, context));
}

function summaryRow(
  image: ExportableImage,
  context: ExportContext,
  mask: BinaryMask,
  labels: LabelMap | null,
  measured: { biometry?: BiometrySummary; aop?: { predicted: number | null; truth: number | null }; pixelSize?: PixelSize | null } = {},
): ImageSummaryRow {
  const g = image.groundTruth;
  return imageSummaryRow(image.name, mask, image.scan, image.segmentation.window, context.intensity, {
    groundTruth: g ? { source: g.source, modelDice: g.modelDice } : { source: 'model', modelDice: null },
    ...(labels && context.classes ? { labels: { map: labels, classes: context.classes } } : {}),
    ...measured,
  });
}

/** Ellipse biometry of a binary model's mask as the page measures it (metrics/biometry.ts), for images.csv. */
async function biometryOf(image: ExportableImage, mask: BinaryMask): Promise<{ biometry?: BiometrySummary; pixelSize?: PixelSize | null }> {
  const m = image.measuring;
  if (!m) return {};
  const truth = await m.truth();
  return { biometry: biometrySummary(mask, { box: image.segmentation.box, truth, pixelSize: m.pixelSize, referenceHc: m.referenceHc }), pixelSize: m.pixelSize };
}

/** The angle of progression of the model's label map and of the ground truth's (metrics/angleOfProgression.ts), for images.csv. */
function aopOf(labels: LabelMap, truth: LabelMap | null, spacing: readonly [number, number] | null): { predicted: number | null; truth: number | null } {
  const { symphysis, head } = AOP_CLASSES;
  const angle = (map: LabelMap) => angleOfProgression(map, symphysis, head, spacing)?.degrees ?? null;
  return { predicted: angle(labels), truth: truth ? angle(truth) : null };
}

export function metricsRows(images: readonly ExportableImage[], context: ExportContext): MetricsRow[] {
  return images
    .filter((i): i is ExportableImage & { scores: Scores } => i.scores !== null)
    .map((i) => ({ file: i.name, scores: i.scores, threshold: context.threshold, model: context.model, backend: context.backend }));
}

const classCsvOf = (rows: readonly ClassMetricsRow[], classes: readonly ClassInfo[], context: ExportContext) =>
  classMetricsCsv(rows, classes, { model: context.model, backend: context.backend, threshold: context.threshold });

/** Per-class rows of the images whose ground truth reads as the model's classes, in the order given. */
async function classRows(images: readonly ExportableImage[], classes: readonly ClassInfo[], threshold: number): Promise<ClassMetricsRow[]> {
  const rows: ClassMetricsRow[] = [];
  for (const image of images) {
    const truth = image.pixels ? (await image.pixels({ display: false })).truthLabels : null;
    if (truth) rows.push(classMetricsRow(image.name, truth, predictedLabels(image, threshold), classes, image.scan));
  }
  return rows;
}

/** `metrics.csv` alone (binary or per class); null when no pair is scored. */
export async function metricsCsvOf(images: readonly ExportableImage[], context: ExportContext): Promise<string | null> {
  const classes = severalClasses(context.classes);
  if (!classes) {
    const rows = metricsRows(images, context);
    return rows.length > 0 ? metricsCsv(rows) : null;
  }
  const rows = await classRows(images, classes, context.threshold);
  return rows.length > 0 ? classCsvOf(rows, classes, context) : null;
}

/** DICOM SEGs of the DICOM images (one segment per class for a model of several), named as their masks; dcmjs is loaded only now. */
export async function dicomSegs(images: readonly ExportableImage[], context: ExportContext, now = new Date()): Promise<Record<string, Uint8Array>> {
  const dicoms = images.filter((i) => i.scan?.dicom);
  if (dicoms.length === 0) return {};
  const { dicomSeg } = await import('./dicomSeg');
  const classes = severalClasses(context.classes);
  const out: Record<string, Uint8Array> = {};
  // The same names as the masks in the ZIP (exportStems over the same images).
  const stems = exportStems(images.map((i) => i.name));
  for (const image of dicoms) {
    const scan = image.scan as ScanInfo & { dicom: NonNullable<ScanInfo['dicom']> };
    const source = { scan, modelName: context.model, now };
    const seg = classes
      ? dicomSeg({ ...source, labels: predictedLabels(image, context.threshold), classes })
      : dicomSeg({ ...source, mask: predictedMask(image, context), threshold: context.threshold });
    out[`seg/${stems.get(image.name) ?? maskFileName(image.name, '')}.seg.dcm`] = seg;
  }
  return out;
}

/**
 * One ZIP: `masks/<name>.png` for every image (the model's; class indices plus `preview/<name>.png`
 * for a model of several classes), `corrected/<name>.png` for every mask corrected here,
 * `images.csv` (areas, each class's too, input mapping, where ground truth came from),
 * `metrics.csv` when any pair was scored, and any `extra` files (the DICOM SEGs, dicomSegs).
 */
export async function exportZip(images: readonly ExportableImage[], context: ExportContext, extra: Record<string, Uint8Array> = {}): Promise<Uint8Array> {
  const entries: Record<string, Uint8Array> = { ...extra };
  const stems = exportStems(images.map((i) => i.name));
  const classes = severalClasses(context.classes);
  const summaries: ImageSummaryRow[] = [];
  const rows: ClassMetricsRow[] = [];
  for (const image of images) {
    const stem = stems.get(image.name) as string;
    if (classes) {
      const labels = predictedLabels(image, context.threshold);
      const pixels = image.pixels ? await image.pixels({ display: true }) : { display: null, truthLabels: null };
      entries[`masks/${stem}.png`] = encodeLabelPng(labels);
      entries[`preview/${stem}.png`] = previewPng(labels, classes, pixels.display);
      if (pixels.truthLabels) rows.push(classMetricsRow(image.name, pixels.truthLabels, labels, classes, image.scan));
      const aop = context.measure === 'angle-of-progression' ? { aop: aopOf(labels, pixels.truthLabels, image.measuring?.pixelSize?.spacing ?? image.scan?.pixelSpacing ?? null) } : {};
      summaries.push(summaryRow(image, context, foregroundMask(labels), labels, aop));
    } else {
      const mask = predictedMask(image, context);
      entries[`masks/${stem}.png`] = encodeMaskPng(mask);
      summaries.push(summaryRow(image, context, mask, null, context.measure === 'ellipse' ? await biometryOf(image, mask) : {}));
    }
    const corrected = image.groundTruth?.corrected;
    if (corrected) entries[`corrected/${stem}.png`] = encodeMaskPng(corrected);
  }
  entries['images.csv'] = new TextEncoder().encode(imagesCsv(summaries));
  const binaryRows = classes ? [] : metricsRows(images, context);
  const csv = classes && rows.length > 0 ? classCsvOf(rows, classes, context) : binaryRows.length > 0 ? metricsCsv(binaryRows) : null;
  if (csv !== null) entries['metrics.csv'] = new TextEncoder().encode(csv);
  // PNGs are already deflated; storing them avoids compressing twice.
  return zipSync(entries, { level: 0 });
}
