/**
 * The pieces of an export that differ for a model of several classes, the same functions
 * `npm run segment` uses: the predicted label map (image/segmentation.ts `labelsOnImage`), its
 * 8-bit class-index PNG and colour preview (image/labelPng.ts), and a metrics.csv row per image
 * with each class's scores and boundary distances (metrics/multiClass.ts, metrics/classCsv.ts).
 */
import { type LabelMap } from '../image/labelMap';
import { encodeLabelPreviewPng } from '../image/labelPng';
import { type ScanInfo } from '../image/raster';
import { labelsOnImage, type Segmentation } from '../image/segmentation';
import { type ClassMetricsRow } from '../metrics/classCsv';
import { classScores, classSurfaceDistances, confusionMatrix } from '../metrics/multiClass';
import { type ClassInfo } from '../model/classes';

/** The classes' weight over the image in a preview, as `npm run segment` writes it. */
export const PREVIEW_OPACITY = 0.5;

/** What is read again, one image at a time, for a multi-class export (pixels may have been let go to save memory). */
export interface ClassPixels {
  /** The image's display pixels (opaque RGBA at its size) under the preview; null: the preview is over black. */
  readonly display: Uint8ClampedArray | null;
  /** The ground truth as class indices through the model's class table; null: the image is not scored per class. */
  readonly truthLabels: LabelMap | null;
}

/** The table when it has more than one class (a multi-class export); null for a binary model. */
export function severalClasses(classes: readonly ClassInfo[] | undefined): readonly ClassInfo[] | null {
  return classes && classes.length > 1 ? classes : null;
}

export function predictedLabels(image: { readonly segmentation: Segmentation; readonly width: number; readonly height: number }, threshold: number): LabelMap {
  return labelsOnImage(image.segmentation, threshold, image.width, image.height);
}

export function previewPng(labels: LabelMap, classes: readonly ClassInfo[], display: Uint8ClampedArray | null): Uint8Array {
  return encodeLabelPreviewPng(labels, classes, display ? { rgba: display, opacity: PREVIEW_OPACITY } : null);
}

/** One image's metrics.csv row: each class's scores and HD95/ASSD, in mm too when the file gives its pixel spacing. */
export function classMetricsRow(name: string, truth: LabelMap, predicted: LabelMap, classes: readonly ClassInfo[], scan: ScanInfo | null): ClassMetricsRow {
  const s = scan?.pixelSpacing;
  const spacing = s ? { y: s[0], x: s[1] } : null;
  const count = classes.length + 1;
  return { image: name, scores: classScores(confusionMatrix(truth, predicted, count)), surface: classSurfaceDistances(truth, predicted, count, spacing) };
}
