/**
 * `npm run segment` for a model of several classes, one image: the label map (the app's decoding,
 * image/segmentation.ts `labelsOnImage`) as a PNG of class indices and a colour preview, and with
 * a mask, each class's scores against it (metrics/confusionMatrix.ts), as the app shows them.
 */
import { encode } from 'fast-png';
import { type Raster } from '../image/raster';
import { labelMapFromRaster, type LabelMap } from '../image/labelMap';
import { labelsOnImage, type Segmentation } from '../image/segmentation';
import { classScores, confusionMatrix } from '../metrics/confusionMatrix';
import { type Scores } from '../metrics/scores';
import { type ClassInfo, rgbOf } from '../model/classes';

export interface ClassResult {
  readonly labels: LabelMap;
  /** 8-bit PNG of class indices (0 = background). */
  readonly labelPng: Uint8Array;
  /** RGB PNG: each class in its colour over black. */
  readonly previewPng: Uint8Array;
  /** Per foreground class (null: absent from both sides); null without a usable mask. */
  readonly scores: (Scores | null)[] | null;
  /** Why the mask was not scored. */
  readonly problem: string | null;
  /** `, Dice organ 0.9812, lesion 0.9421` for the console. */
  readonly line: string;
}

export function labelPng(labels: LabelMap): Uint8Array {
  return encode({ width: labels.width, height: labels.height, data: labels.data, depth: 8, channels: 1 });
}

export function previewPng(labels: LabelMap, classes: readonly ClassInfo[]): Uint8Array {
  const colours = classes.map((c) => rgbOf(c.color));
  const rgb = new Uint8Array(labels.data.length * 3);
  labels.data.forEach((k, i) => {
    if (k > 0) rgb.set(colours[k - 1], i * 3);
  });
  return encode({ width: labels.width, height: labels.height, data: rgb, depth: 8, channels: 3 });
}

export function segmentClasses(seg: Segmentation, raster: Raster, mask: Raster | null, classes: readonly ClassInfo[], threshold: number): ClassResult {
  const labels = labelsOnImage(seg, threshold, raster.width, raster.height);
  let scores: (Scores | null)[] | null = null;
  let problem: string | null = null;
  if (mask) {
    if (mask.width !== raster.width || mask.height !== raster.height) {
      problem = `is ${mask.width}×${mask.height} but the image is ${raster.width}×${raster.height}; not scored`;
    } else {
      try {
        scores = classScores(confusionMatrix(labelMapFromRaster(mask, classes), labels, classes.length + 1), classes.length + 1);
      } catch (e) {
        problem = `${(e as Error).message}; not scored`;
      }
    }
  }
  const line = scores ? `, Dice ${classes.map((c, k) => `${c.name} ${scores?.[k]?.dice.toFixed(4) ?? '–'}`).join(', ')}` : '';
  return { labels, labelPng: labelPng(labels), previewPng: previewPng(labels, classes), scores, problem, line };
}
