/**
 * Builds the files a user exports: each mask as a 0/255 PNG at its image's original size
 * (0 outside the region the model saw), `metrics.csv` for the scored pairs, and a ZIP of all.
 */
import { zipSync } from 'fflate';
import { type IntensityMode } from '../image/intensity';
import { type BinaryMask, thresholdToMask } from '../image/mask';
import { type ScanInfo } from '../image/raster';
import { type GroundTruthSummary, imagesCsv, imageSummaryRow, type ImageSummaryRow } from './imageSummary';
import { encodeMaskPng } from '../image/pngEncode';
import { exportStems, metricsCsv, type MetricsRow } from '../metrics/csv';
import { type Scores } from '../metrics/scores';
import { probabilitiesOnImage, type Segmentation } from '../image/segmentation';

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
}

export interface ExportContext {
  readonly threshold: number;
  readonly model: string;
  readonly backend: string;
  readonly intensity: IntensityMode;
}

export function predictedMask(image: ExportableImage, threshold: number): BinaryMask {
  return thresholdToMask(probabilitiesOnImage(image.segmentation), image.segmentation.box, image.width, image.height, threshold);
}

export function maskPng(image: ExportableImage, threshold: number): Uint8Array {
  return encodeMaskPng(predictedMask(image, threshold));
}

export function summaryRows(images: readonly ExportableImage[], context: ExportContext): ImageSummaryRow[] {
  return images.map((i) =>
    imageSummaryRow(i.name, predictedMask(i, context.threshold), i.scan, i.segmentation.window, context.intensity, {
      groundTruth: i.groundTruth ? { source: i.groundTruth.source, modelDice: i.groundTruth.modelDice } : { source: 'model', modelDice: null },
    }),
  );
}

export function metricsRows(images: readonly ExportableImage[], context: ExportContext): MetricsRow[] {
  return images
    .filter((i): i is ExportableImage & { scores: Scores } => i.scores !== null)
    .map((i) => ({ file: i.name, scores: i.scores, threshold: context.threshold, model: context.model, backend: context.backend }));
}

/**
 * One ZIP: `masks/<name>.png` for every image (the model's), `corrected/<name>.png` for every mask
 * corrected here, `images.csv` (areas, input mapping, where ground truth came from), `metrics.csv`
 * when any pair was scored, and any `extra` files (the DICOM SEGs, made by the caller).
 */
export function exportZip(images: readonly ExportableImage[], context: ExportContext, extra: Record<string, Uint8Array> = {}): Uint8Array {
  const entries: Record<string, Uint8Array> = { ...extra };
  const stems = exportStems(images.map((i) => i.name));
  for (const image of images) {
    const stem = stems.get(image.name) as string;
    entries[`masks/${stem}.png`] = maskPng(image, context.threshold);
    const corrected = image.groundTruth?.corrected;
    if (corrected) entries[`corrected/${stem}.png`] = encodeMaskPng(corrected);
  }
  entries['images.csv'] = new TextEncoder().encode(imagesCsv(summaryRows(images, context)));
  const rows = metricsRows(images, context);
  if (rows.length > 0) entries['metrics.csv'] = new TextEncoder().encode(metricsCsv(rows));
  // PNGs are already deflated; storing them avoids compressing twice.
  return zipSync(entries, { level: 0 });
}
