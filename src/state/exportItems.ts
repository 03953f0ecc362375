/**
 * What Export writes, from the store's items: each segmented image as export/exportResults.ts
 * takes it, in the list's default order (by name, numbers by value), whatever order they were
 * dropped in. For a model of several classes each image also gets a way to read its pixels again
 * (the image under its colour preview, the ground truth as class indices for metrics.csv) when
 * they were let go to save memory, decoded the way processing.ts decoded them.
 */
import { type ClassPixels, severalClasses } from '../export/classExport';
import { type ExportableImage, type ExportContext } from '../export/exportResults';
import { type StudySummary } from '../export/studySummary';
import { thumbnail, thumbnailDataUrl } from '../export/thumbnail';
import { type LabelMap, LabelMapError, labelMapFromRaster } from '../image/labelMap';
import { rasterToRgba } from '../image/overlay';
import { type ClassInfo } from '../model/classes';
import { type BinaryMask, maskFromRaster } from '../image/mask';
import { choosePixelSize } from '../metrics/biometry';
import { type PixelSizeTable } from '../files/pixelSizeCsv';
import { type Measure } from '../model/metadata';
import { labelsKeyOf } from './processing';
import { orderedItems } from './reviewQueue';
import { itemScores } from './selectors';
import { studyRows } from './studyTable';
import { type StudioServices } from './services';
import { type ImageItem, type StudioState } from './types';

type Decode = StudioServices['decode'];

/** The images to export and how; `selected` is the selected image when it can be exported. */
export interface ExportSet {
  readonly images: readonly ExportableImage[];
  readonly selected: ExportableImage | null;
  readonly context: ExportContext;
  /** How many images metrics.csv scores (per class for a model of several classes). */
  readonly scored: number;
}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

/**
 * The ground truth as class indices, for the images the app scores per class (their labels were
 * read through this class table); null for the others (no mask, a corrected binary mask, a value
 * no class stands for).
 */
async function truthLabels(item: ImageItem, classes: readonly ClassInfo[], decode: Decode): Promise<LabelMap | null> {
  const mask = item.mask;
  if (!mask?.classConfusion || mask.error || mask.labelsError) return null;
  if (mask.labels && mask.labelsKey === labelsKeyOf(classes)) return mask.labels;
  try {
    return labelMapFromRaster(await decode(await bytesOf(mask.source.blob), item.frame ?? 0), classes);
  } catch (e) {
    if (e instanceof LabelMapError) return null;
    throw e;
  }
}

async function classPixels(item: ImageItem, classes: readonly ClassInfo[], decode: Decode, display: boolean): Promise<ClassPixels> {
  let rgba: Uint8ClampedArray | null = null;
  if (display && item.segmentation) {
    const raster = item.raster ?? (await decode(await bytesOf(item.source.blob), item.frame ?? 0));
    // Under the window the model saw, as `npm run segment` draws it.
    rgba = rasterToRgba(raster, item.segmentation.window);
  }
  return { display: rgba, truthLabels: await truthLabels(item, classes, decode) };
}

/** The binary ground truth of an item, decoded again when it was let go; null without a usable mask. */
async function binaryTruth(item: ImageItem, decode: Decode): Promise<BinaryMask | null> {
  const mask = item.mask;
  if (!mask || mask.error) return null;
  return mask.truth ?? maskFromRaster(await decode(await bytesOf(mask.source.blob), item.frame ?? 0));
}

export function exportableItem(
  item: ImageItem,
  threshold: number,
  classes: readonly ClassInfo[],
  decode: Decode,
  measuring: { readonly measure: Measure | null; readonly pixelSizes: PixelSizeTable | null } = { measure: null, pixelSizes: null },
): ExportableImage | null {
  if (!item.size || !item.segmentation) return null;
  const mask = item.mask && !item.mask.error ? item.mask : null;
  const corrected = mask?.origin === 'corrected';
  const several = severalClasses(classes);
  return {
    name: item.name,
    width: item.size.width,
    height: item.size.height,
    segmentation: item.segmentation,
    scores: itemScores(item, threshold),
    scan: item.scan,
    groundTruth: {
      source: mask ? mask.origin : 'model',
      modelDice: mask?.correction?.modelDice ?? null,
      corrected: corrected ? (mask.truth ?? null) : null,
    },
    ...(several ? { pixels: ({ display }: { readonly display: boolean }) => classPixels(item, several, decode, display) } : {}),
    ...(measuring.measure !== null ? { measuring: measuringOf(item, measuring.pixelSizes, decode) } : {}),
  };
}

/** Pixel size (the file's, else the dropped CSV's) and reference HC of an item, as the biometry panel takes them. */
function measuringOf(item: ImageItem, table: PixelSizeTable | null, decode: Decode): NonNullable<ExportableImage['measuring']> {
  const listed = table?.lookup(item.id) ?? null;
  return {
    pixelSize: choosePixelSize(item.scan?.pixelSpacing, listed ? { spacing: listed.spacing, source: 'csv' } : null),
    referenceHc: listed?.referenceHc ?? null,
    truth: () => binaryTruth(item, decode),
  };
}

/** Everything Export needs from the store; null before a model is ready. */
export function exportSet(state: Pick<StudioState, 'items' | 'threshold' | 'ready' | 'selectedId'> & Partial<Pick<StudioState, 'pixelSizes'>>, decode: Decode): ExportSet | null {
  const { ready, threshold } = state;
  if (!ready) return null;
  const { classes, metadata } = ready.model;
  const context: ExportContext = { threshold, model: metadata.name, backend: ready.backend.name, intensity: metadata.intensity, classes, measure: metadata.measure };
  const measuring = { measure: metadata.measure, pixelSizes: state.pixelSizes?.table ?? null };
  const ordered = orderedItems(state.items, 'name', 'all', threshold);
  const images: ExportableImage[] = [];
  let selected: ExportableImage | null = null;
  let scored = 0;
  const several = severalClasses(classes) !== null;
  for (const item of ordered) {
    const image = exportableItem(item, threshold, classes, decode, measuring);
    if (!image) continue;
    images.push(image);
    if (item.id === state.selectedId) selected = image;
    if (several ? item.mask?.classConfusion && !item.mask.error && !item.mask.labelsError : image.scores) scored++;
  }
  return { images, selected, context, scored };
}

/**
 * Thumbnails for the summary by item id (export/thumbnail.ts): each segmented image read again when
 * its pixels were let go, one at a time; an image that cannot be read has none.
 */
export async function summaryThumbnails(items: readonly ImageItem[], threshold: number, decode: Decode): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const item of items) {
    const s = item.segmentation;
    if (!s || item.status === 'error') continue;
    try {
      const raster = item.raster ?? (await decode(await bytesOf(item.source.blob), item.frame ?? 0));
      out.set(item.id, thumbnailDataUrl(thumbnail(raster, s.window, s, threshold)));
    } catch {
      // Left without a picture; its figures are in the table all the same.
    }
  }
  return out;
}

/**
 * What the printable summary shows (export/studySummary.ts), images in name order, with the
 * `thumbnails` given (by item id); null before a model is ready, without images, or for a model of
 * several classes (its scores are per class).
 */
export function studySummaryOf(state: Pick<StudioState, 'items' | 'threshold' | 'ready'>, created: string, thumbnails: ReadonlyMap<string, string> = new Map()): StudySummary | null {
  const { ready, threshold } = state;
  if (!ready || state.items.length === 0 || severalClasses(ready.model.classes)) return null;
  const { metadata } = ready.model;
  return {
    model: metadata.name,
    card: metadata.attribution,
    backend: ready.backend.name,
    threshold,
    created,
    rows: studyRows(orderedItems(state.items, 'name', 'all', threshold), threshold).map((r) => ({ ...r, thumbnail: thumbnails.get(r.id) ?? null })),
  };
}
