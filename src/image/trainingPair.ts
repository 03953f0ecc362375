/**
 * A labelled pair as the model sees it for training: the image through the same resampling and
 * intensity scaling as inference, and the mask resampled over the same region — a binary mask
 * antialiased and re-binarised (≥ 0.5), a multi-class label map by nearest neighbour (class
 * indices are not quantities to average) — so image and mask stay aligned whatever the region.
 */
import { type Region } from './geometry';
import { type LabelMap } from './labelMap';
import { type BinaryMask } from './mask';
import { type InputSpec, prepareModelInput } from './modelInput';
import { type Raster } from './raster';
import { resampleRegion } from './resample';
import { defaultWindow, type IntensityWindow } from './window';

/** How a pair's ground truth is read: 0/1 foreground, or class indices (a multi-class label map). */
export type TruthKind = 'binary' | 'labels';

/**
 * A label map over `region` on a `size`² grid by nearest neighbour: each cell takes the class of the
 * source pixel under its centre, background where the region passes the image's edge. Values stay
 * exactly those of the map.
 */
export function resampleLabelsNearest(map: LabelMap, region: Region, size: number): Float32Array {
  const out = new Float32Array(size * size);
  const scale = region.size / size;
  const columns = Int32Array.from({ length: size }, (_, i) => Math.floor(region.x + (i + 0.5) * scale));
  for (let j = 0; j < size; j++) {
    const y = Math.floor(region.y + (j + 0.5) * scale);
    if (y < 0 || y >= map.height) continue;
    const row = y * map.width;
    for (let i = 0; i < size; i++) {
      const x = columns[i];
      if (x >= 0 && x < map.width) out[j * size + i] = map.data[row + x];
    }
  }
  return out;
}

export function prepareTrainingPair(
  raster: Raster,
  truth: BinaryMask | LabelMap,
  region: Region,
  spec: InputSpec,
  window: IntensityWindow = defaultWindow(raster),
  kind: TruthKind = 'binary',
): { image: Float32Array; mask: Float32Array } {
  const image = prepareModelInput(raster, region, spec, window);
  if (kind === 'labels') return { image, mask: resampleLabelsNearest(truth, region, spec.size) };
  const plane = Float32Array.from(truth.data);
  const mask = resampleRegion(plane, truth.width, truth.height, region, spec.size);
  for (let i = 0; i < mask.length; i++) mask[i] = mask[i] >= 0.5 ? 1 : 0;
  return { image, mask };
}

/** The seed of the training/validation split and of the augmentation, in the app and `npm run train` alike. */
export const SPLIT_SEED = 20251127;

/** One pair to pack: its pixels, the region the model sees and the window (the image's default if absent). */
export interface PairPixels {
  readonly raster: Raster;
  /** A binary mask, or a label map when packing with kind `'labels'`. */
  readonly truth: BinaryMask | LabelMap;
  readonly region: Region;
  readonly window?: IntensityWindow;
}

/**
 * Prepares `count` pairs one at a time (`pairAt(k)`, null to leave pair k blank) and packs
 * them as the model trains on them: images [count, size, size, channels] and masks
 * [count, size, size, 1] (0/1, or class indices with kind `'labels'`), row-major, pair k at offset
 * k·size²·channels (k·size² for masks).
 */
export async function packTrainingPairs(
  count: number,
  spec: InputSpec,
  pairAt: (k: number) => Promise<PairPixels | null>,
  kind: TruthKind = 'binary',
): Promise<{ images: Float32Array; masks: Float32Array }> {
  const n = spec.size * spec.size;
  const images = new Float32Array(count * n * spec.channels);
  const masks = new Float32Array(count * n);
  for (let k = 0; k < count; k++) {
    const pixels = await pairAt(k);
    if (!pixels) continue;
    const pair = prepareTrainingPair(pixels.raster, pixels.truth, pixels.region, spec, pixels.window, kind);
    images.set(pair.image, k * n * spec.channels);
    masks.set(pair.mask, k * n);
  }
  return { images, masks };
}

/** Splits pair ids into training and validation sets, reproducibly for a seed; never one id in both. */
export function splitPairs<T>(ids: readonly T[], validationPercent: number, seed: number): { train: T[]; validation: T[] } {
  const order = [...ids];
  let state = seed || 1;
  for (let i = order.length - 1; i > 0; i--) {
    state = (state * 16807) % 2147483647;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const wanted = Math.round((order.length * validationPercent) / 100);
  // Keep at least one pair on each side when there are two or more and a split was asked for.
  const count = order.length < 2 || validationPercent <= 0 ? 0 : Math.min(order.length - 1, Math.max(1, wanted));
  return { validation: order.slice(0, count), train: order.slice(count) };
}

/**
 * The split for another round of fine-tuning: every id of `previous` that is still there keeps
 * its side, so the validation pairs stay the same from round to round and before/after Dice is
 * comparable across rounds (a reshuffle would move corrected images between the sides). New ids
 * (pairs added since, e.g. images corrected after the last round) are taken in a seeded order and
 * go to validation while the validation share is below `validationPercent` (and at least one pair
 * is left to train on), else to training. Without a previous split this is `splitPairs`.
 */
export function extendSplit<T>(
  previous: { readonly train: readonly T[]; readonly validation: readonly T[] } | null,
  ids: readonly T[],
  validationPercent: number,
  seed: number,
): { train: T[]; validation: T[] } {
  if (!previous) return splitPairs(ids, validationPercent, seed);
  const present = new Set(ids);
  const wasValidation = new Set(previous.validation);
  const wasTrain = new Set(previous.train);
  const validation = previous.validation.filter((id) => present.has(id));
  const train = previous.train.filter((id) => present.has(id));
  const added = splitPairs(
    ids.filter((id) => !wasValidation.has(id) && !wasTrain.has(id)),
    0,
    seed,
  ).train;
  for (const id of added) {
    const total = validation.length + train.length + 1;
    const wantsValidation = validationPercent > 0 && (validation.length + 1) / total <= validationPercent / 100 + 1e-9 && train.length > 0;
    (wantsValidation ? validation : train).push(id);
  }
  // Pairs removed since may have left nothing to train on: one held-out pair goes back to training.
  if (train.length === 0 && validation.length > 1) train.push(validation.pop() as T);
  return { train, validation };
}
