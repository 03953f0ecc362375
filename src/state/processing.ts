/**
 * Works through the image list one item at a time: decode image and mask, segment with the
 * current model, and build the threshold histogram for the live metrics. A failure marks only
 * that item (or only its mask); the rest of the list carries on.
 */
import { defaultRegion, sameRegion } from '../image/geometry';
import { type BinaryMask, maskFromRaster } from '../image/mask';
import { notAnImage, type Raster, tooSmallToSegment } from '../image/raster';
import { histogramOfSegmentation, type ThresholdHistogram } from '../metrics/thresholdHistogram';
import { classCountOf, labelsOnImage, probabilitiesOnGrid, type Segmentation } from '../image/segmentation';
import { type LabelMap, LabelMapError, labelMapFromRaster } from '../image/labelMap';
import { confusionMatrix } from '../metrics/multiClass';
import { type ClassInfo } from '../model/classes';
import { uncertainty } from '../metrics/uncertainty';
import { defaultWindow, sameWindow } from '../image/window';
import { maskFromPng } from '../image/edit/storedMask';
import { decodePng } from '../image/decode/portable';
import { correctionKey, draftKey } from '../storage/correctionKey';
import { type CorrectionStorage, type StoredCorrection, type StudioServices } from './services';
import { type ImageItem, type MaskEntry, type StudioState } from './types';

type Get = () => StudioState;
type Patch = (id: string, change: (item: ImageItem) => Partial<ImageItem>) => void;

export function needsWork(item: ImageItem, generation: number): boolean {
  if (item.status === 'error') return false;
  if (item.status === 'waiting') return true;
  return item.status === 'done' && item.segmentedWith < generation;
}

async function readBytes(blob: Blob): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

/** A mask file as foreground/background, read in the decoder's worker when there is one (seconds for a 12000×12000 mask). */
async function readMask(blob: Blob, frame: number, services: StudioServices): Promise<BinaryMask> {
  const bytes = await readBytes(blob);
  return services.decodeMask ? services.decodeMask(bytes, frame) : maskFromRaster(await services.decode(bytes, frame));
}

/** The class values a mask's `labels` are read with (MaskEntry.labelsKey). */
export const labelsKeyOf = (classes: readonly ClassInfo[]): string => classes.map((c) => c.value).join(',');

/**
 * Reads an image's mask file: always as a binary mask (foreground = any class), and for a model
 * of several classes also as class indices through its class table — a value no class stands for
 * is the mask's error, named, and the image is not scored.
 */
async function prepareMask(mask: MaskEntry, frame: number, width: number, height: number, services: StudioServices, classes: readonly ClassInfo[]): Promise<MaskEntry> {
  // Corrected masks too: one painted with classes is stored with their values (editingSlice).
  const labelsKey = classes.length > 1 ? labelsKeyOf(classes) : '';
  if (mask.error) return mask;
  // A binary model: labels read for a model of several classes no longer apply.
  if (mask.truth && labelsKey === '') return mask.labels || mask.labelsError || mask.classConfusion ? { ...mask, labels: null, labelsKey: '', labelsError: null, classConfusion: null } : mask;
  if (mask.truth && mask.labelsKey === labelsKey) return mask;
  let truth: BinaryMask;
  let raster: Raster | null = null;
  try {
    // A binary model needs the mask only as foreground/background: read it where it is decoded.
    if (labelsKey === '') truth = await readMask(mask.source.blob, frame, services);
    else {
      raster = await services.decode(await readBytes(mask.source.blob), frame);
      truth = maskFromRaster(raster);
    }
  } catch (e) {
    return { ...mask, error: `mask unreadable: ${(e as Error).message}` };
  }
  if (truth.width !== width || truth.height !== height) {
    return { ...mask, error: `mask is ${truth.width}×${truth.height} but the image is ${width}×${height}; not scored` };
  }
  let labels: LabelMap | null = null;
  let labelsError: string | null = null;
  try {
    if (raster) labels = labelMapFromRaster(raster, classes);
  } catch (e) {
    if (!(e instanceof LabelMapError)) throw e;
    labelsError = `not scored per class: ${e.message}`;
  }
  return { ...mask, truth, labels, labelsKey, labelsError, reading: truth.reading };
}

/** The (true × predicted) class matrix of a multi-class segmentation against the mask's labels; null for binary. */
function classConfusionOf(segmentation: Segmentation, mask: MaskEntry | null, threshold: number): MaskEntry['classConfusion'] {
  const labels = mask?.labels;
  const count = classCountOf(segmentation);
  if (!labels || count === 1) return null;
  const predicted = labelsOnImage(segmentation, threshold, labels.width, labels.height);
  return { matrix: confusionMatrix(labels, predicted, count + 1), threshold };
}

/**
 * The pixels of an image and its mask, decoding again whatever was let go to save memory; with
 * `classes` (a model of several classes) also the mask's class indices through its class table.
 */
export async function loadPixels(item: ImageItem, services: StudioServices, classes: readonly ClassInfo[] = []): Promise<{ raster: Raster; truth: BinaryMask | null; labels: LabelMap | null }> {
  const raster = item.raster ?? (await services.decode(await readBytes(item.source.blob), item.frame ?? 0));
  let truth = item.mask?.truth ?? null;
  let labels = classes.length > 1 ? (item.mask?.labels ?? null) : null;
  if (!truth && classes.length <= 1 && item.mask && !item.mask.error) truth = await readMask(item.mask.source.blob, item.frame ?? 0, services);
  if ((!truth || (classes.length > 1 && !labels)) && item.mask && !item.mask.error) {
    const maskRaster = await services.decode(await readBytes(item.mask.source.blob), item.frame ?? 0);
    truth ??= maskFromRaster(maskRaster);
    if (classes.length > 1) labels = labelMapFromRaster(maskRaster, classes);
  }
  return { raster, truth, labels };
}

/**
 * Lets go of decoded pixels beyond the `keep` most recently used images (never the selected one).
 * Corrected masks stay (1 byte per pixel): they have no file to be read again from.
 */
export function releasePixels(items: readonly ImageItem[], recent: readonly string[], selectedId: string | null, keep: number): ImageItem[] {
  const kept = new Set([...recent.slice(-keep), selectedId]);
  return items.map((item) =>
    (item.raster || item.mask?.truth) && !kept.has(item.id) && item.status === 'done'
      ? { ...item, raster: null, mask: item.mask && item.mask.origin === 'file' ? { ...item.mask, truth: null, labels: null } : item.mask }
      : item,
  );
}

/**
 * Replaces an item whose file turned out to hold several frames by one item per frame
 * (`<file>#1`, `<file>#2`…); the first keeps the pixels just decoded.
 */
export type ExpandFrames = (id: string, raster: Raster) => void;

/** Image files (and their frames) already looked up in the browser's corrections, once per dropped file and frame. */
const lookedUp = new WeakMap<object, Set<number | null>>();

function firstLookUp(item: ImageItem): boolean {
  const frames = lookedUp.get(item.source) ?? new Set<number | null>();
  lookedUp.set(item.source, frames);
  if (frames.has(item.frame)) return false;
  frames.add(item.frame);
  return true;
}

/**
 * What the browser keeps for this image (same file content and frame): a correction accepted
 * earlier, and an unfinished one (a draft); either is null when there is none or it does not fit.
 */
async function restoreCorrection(item: ImageItem, corrections: CorrectionStorage, classes: readonly ClassInfo[]): Promise<{ mask: MaskEntry | null; draft: BinaryMask | null }> {
  try {
    const key = await correctionKey(await readBytes(item.source.blob), item.frame);
    const [stored, draft] = await Promise.all([corrections.get(key), corrections.get(draftKey(key))]);
    const fits = (c: StoredCorrection | null): c is StoredCorrection => c !== null && c.width === item.size?.width && c.height === item.size.height;
    return {
      mask: fits(stored)
        ? {
            source: { path: `${item.id}.corrected.png`, size: stored.png.length, blob: new Blob([stored.png as Uint8Array<ArrayBuffer>], { type: 'image/png' }) },
            origin: 'corrected',
            correction: stored.modelDice === null ? null : { modelDice: stored.modelDice, threshold: stored.threshold },
            truth: maskFromPng(stored.png),
            error: null,
            histogram: null,
          }
        : null,
      draft: fits(draft) ? draftMask(draft.png, classes) : null,
    };
  } catch {
    return { mask: null, draft: null }; // browser storage unavailable: the image carries on without it
  }
}

/**
 * An unfinished correction's working mask: 0/1, or for a model of several classes its class
 * indices read through the class table (a draft made with another table reads as one class).
 */
function draftMask(png: Uint8Array, classes: readonly ClassInfo[]): BinaryMask {
  if (classes.length > 1) {
    try {
      return labelMapFromRaster(decodePng(png), classes);
    } catch (e) {
      if (!(e instanceof LabelMapError)) throw e;
    }
  }
  return maskFromPng(png);
}

/** Brings an unfinished correction back as the image's edit session (editingSlice.resumeDraft). */
export type ResumeDraft = (id: string, mask: BinaryMask) => void;

async function countHistogram(segmentation: Segmentation, truth: BinaryMask, services: StudioServices): Promise<ThresholdHistogram> {
  if (!services.histogram) return histogramOfSegmentation(segmentation, truth);
  try {
    return await services.histogram(segmentation, truth);
  } catch {
    return histogramOfSegmentation(segmentation, truth); // the worker failed: slower, but the pair is still scored
  }
}

/** Processes one item fully; returns when its state is final for the current model. */
export async function processItem(id: string, get: Get, patch: Patch, services: StudioServices, expandFrames: ExpandFrames, resumeDraft?: ResumeDraft): Promise<void> {
  const find = () => get().items.find((i) => i.id === id);
  let item = find();
  if (!item) return;
  if (!item.raster) {
    patch(id, () => ({ status: 'decoding' }));
    try {
      const raster = await services.decode(await readBytes(item.source.blob), item.frame ?? 0);
      // A SEG that pairing left as an image (no image of its name beside it): say what it is, never segment it.
      const notImage = notAnImage(raster.scan);
      if (notImage) throw new Error(`${notImage}; to score against it, drop it together with its image, named like the image plus _seg (scan_seg.dcm) or in a masks/ folder`);
      const tooSmall = tooSmallToSegment(raster.width, raster.height);
      if (tooSmall) throw new Error(tooSmall);
      if (item.frame === null && (raster.scan?.frames ?? 1) > 1) {
        expandFrames(id, raster);
        return;
      }
      patch(id, (current) => ({
        raster,
        size: { width: raster.width, height: raster.height },
        region: current.region ?? defaultRegion(current.geometry, raster.width, raster.height),
        window: current.window ?? defaultWindow(raster),
        scan: raster.scan ?? null,
      }));
    } catch (e) {
      patch(id, () => ({ status: 'error', error: (e as Error).message }));
      return;
    }
  }
  item = find();
  if (!item?.raster || !item.region) return;
  if (services.corrections && firstLookUp(item)) {
    const restored = await restoreCorrection(item, services.corrections, get().ready?.model.classes ?? []);
    if (restored.mask && item.mask?.origin !== 'corrected') {
      const mask = restored.mask;
      patch(id, () => ({ mask }));
    }
    if (restored.draft) resumeDraft?.(id, restored.draft);
    item = find();
    if (!item?.raster || !item.region) return;
  }
  const { raster, region } = item;
  const window = item.window ?? defaultWindow(raster);
  if (item.mask) {
    const mask = await prepareMask(item.mask, item.frame ?? 0, raster.width, raster.height, services, get().ready?.model.classes ?? []);
    patch(id, () => ({ mask }));
  }
  const generation = get().modelGeneration;
  let segmentation = item.segmentation;
  // By value: `segmentation` came back from the engine worker, so its region and window are copies.
  const upToDate = segmentation && item.segmentedWith === generation && sameRegion(segmentation.region, region) && sameWindow(segmentation.window, window);
  if (!upToDate) {
    patch(id, () => ({ status: 'segmenting' }));
    try {
      segmentation = await services.engine.segment(raster, region, window);
    } catch (e) {
      patch(id, () => ({ status: 'error', error: (e as Error).message }));
      return;
    }
  }
  if (!segmentation) return;
  const result = segmentation;
  const unsure = uncertainty(probabilitiesOnGrid(result));
  // Every pixel counted once per result, in the measuring worker when there is one: for a
  // 12000×12000 scan that is seconds of work; the threshold then moves in O(bins).
  const truthNow = find()?.mask?.truth ?? null;
  const counted = truthNow ? { truth: truthNow, histogram: await countHistogram(result, truthNow, services) } : null;
  patch(id, (current) => {
    // The user moved the region or the window while the model ran: run again.
    if (!sameRegion(current.region, region) || !sameWindow(current.window ?? window, window)) return { status: 'waiting' };
    const mask = current.mask;
    // A mask dropped while the model ran is not read yet: keep the result and go round once more
    // to read and score it (the model is not run again), instead of ending unscored.
    if (mask && !mask.truth && !mask.error) return { status: 'waiting', segmentation: result, uncertainty: unsure, segmentedWith: generation };
    // The mask counted above, unless it changed meanwhile (then counted here, as it is now).
    const histogram = !mask?.truth ? null : counted?.truth === mask.truth ? counted.histogram : histogramOfSegmentation(result, mask.truth);
    const classConfusion = classConfusionOf(result, mask, get().threshold);
    return {
      status: 'done',
      error: null,
      segmentation: result,
      uncertainty: unsure,
      segmentedWith: generation,
      mask: mask ? { ...mask, histogram, classConfusion } : null,
    };
  });
}
