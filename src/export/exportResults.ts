/**
 * Builds the files a user exports: each mask as a 0/255 PNG at its image's original size
 * (0 outside the region the model saw), `metrics.csv` for the scored pairs, and a ZIP of all.
 */
import { zipSync } from 'fflate';
import { thresholdToMask } from '../image/mask';
import { encodeMaskPng } from '../image/pngEncode';
import { maskFileName, metricsCsv, type MetricsRow } from '../metrics/csv';
import { type Scores } from '../metrics/scores';
import { probabilitiesOnImage, type Segmentation } from '../image/segmentation';

export interface ExportableImage {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly segmentation: Segmentation;
  readonly scores: Scores | null;
}

export interface ExportContext {
  readonly threshold: number;
  readonly model: string;
  readonly backend: string;
}

export function maskPng(image: ExportableImage, threshold: number): Uint8Array {
  return encodeMaskPng(thresholdToMask(probabilitiesOnImage(image.segmentation), image.segmentation.box, image.width, image.height, threshold));
}

export function metricsRows(images: readonly ExportableImage[], context: ExportContext): MetricsRow[] {
  return images
    .filter((i): i is ExportableImage & { scores: Scores } => i.scores !== null)
    .map((i) => ({ file: i.name, scores: i.scores, threshold: context.threshold, model: context.model, backend: context.backend }));
}

/** One ZIP: `masks/<name>.png` for every image and, when any pair was scored, `metrics.csv`. */
export function exportZip(images: readonly ExportableImage[], context: ExportContext): Uint8Array {
  const entries: Record<string, Uint8Array> = {};
  for (const image of images) entries[`masks/${maskFileName(image.name)}`] = maskPng(image, context.threshold);
  const rows = metricsRows(images, context);
  if (rows.length > 0) entries['metrics.csv'] = new TextEncoder().encode(metricsCsv(rows));
  // PNGs are already deflated; storing them avoids compressing twice.
  return zipSync(entries, { level: 0 });
}
