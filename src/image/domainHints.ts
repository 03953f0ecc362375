/**
 * Signs that an image may be unlike what the model was trained on, for the hints shown with the
 * results: the model found nothing at the threshold (no probability ≥ t in its output), or a
 * colour image was reduced to the model's single grey channel (luma, see raster.ts toUnitPlanes),
 * the region is mostly padding or blown up, or the file's DICOM modality is not the one the model
 * was trained on. None proves the image is out of domain; each is what a user should know before
 * trusting a 0 or a measurement.
 */
import { type Region, visibleBox } from './geometry';
import { isForeground } from './mask';

/** Below this share of image in the model's input (the rest padding), the model sees too little. */
export const MIN_IMAGE_SHARE = 0.25;
/** Above this enlargement of the region to the model's input, the model sees blown-up pixels. */
export const MAX_ENLARGEMENT = 4;

export interface DomainHints {
  /** No pixel of the model's output reaches the threshold. */
  readonly nothingFound: boolean;
  /** The image has three distinct colour channels and the model reads one. */
  readonly reducedToGrey: boolean;
}

export function domainHints(input: { readonly grid: Float32Array | null; readonly threshold: number; readonly imageChannels: number; readonly modelChannels: number }): DomainHints {
  let nothingFound = input.grid !== null;
  if (input.grid) {
    for (let i = 0; i < input.grid.length; i++) {
      if (isForeground(input.grid[i], input.threshold)) {
        nothingFound = false;
        break;
      }
    }
  }
  return { nothingFound, reducedToGrey: input.imageChannels === 3 && input.modelChannels === 1 };
}

/**
 * What to say when the model sees a region unlike a full, sharp image: a strip letterboxed into
 * a square is mostly padding (a 300×20 strip is 7 % image at 256×256), and a small region is
 * enlarged several times to the model's input (a 40 px crop is blown up 6.4× at 256).
 * @param region the square region the model sees, in image pixels (may extend past the image)
 * @param width image width, px
 * @param height image height, px
 * @param modelSize the model's input side, px
 * @returns one sentence, or null when the region is a fair view
 */
export function regionHint(region: Region, width: number, height: number, modelSize: number): string | null {
  const box = visibleBox(region, width, height);
  const scale = modelSize / region.size;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const share = (w * h) / (region.size * region.size);
  if (share < MIN_IMAGE_SHARE) {
    const shown = `${Math.max(1, Math.round(w * scale))}×${Math.max(1, Math.round(h * scale))}`;
    return (
      `Only ${Math.max(1, Math.round(share * 100))} % of what the model sees is image: ${w}×${h} px shown as ${shown} in its ` +
      `${modelSize}×${modelSize} input, the rest padding — it may see too little to segment.`
    );
  }
  if (scale > MAX_ENLARGEMENT) {
    return `The model sees this ${Math.round(region.size)} px region enlarged ${scale.toFixed(1)}× to its ${modelSize}×${modelSize} input — results on regions this small are unreliable.`;
  }
  return null;
}

/** DICOM Modality codes (PS3.3 §C.7.3.1.1.1) said in words; others are shown as their code. */
const MODALITY_WORDS: Readonly<Record<string, string>> = {
  US: 'ultrasound',
  CR: 'computed radiography',
  DX: 'digital radiography',
  MG: 'mammography',
  PT: 'PET',
  NM: 'nuclear medicine',
  XA: 'X-ray angiography',
  RF: 'fluoroscopy',
  IO: 'intra-oral radiography',
  PX: 'panoramic X-ray',
  OP: 'ophthalmic photography',
  OPT: 'optical coherence tomography',
  SM: 'slide microscopy',
  XC: 'photography',
  ES: 'endoscopy',
  IVUS: 'intravascular ultrasound',
};

/** Codes that name the same kind of image: a plain radiograph is CR or DX by the detector, not by what it shows. */
const SAME_KIND: Readonly<Record<string, string>> = { CR: 'radiograph', DX: 'radiograph' };

/** Codes that say nothing of the image: OT is "other", often a screen capture of any modality. */
const UNINFORMATIVE = new Set(['', 'OT']);

const modalityWords = (code: string) => (MODALITY_WORDS[code] ? `${MODALITY_WORDS[code]} (${code})` : code);

/**
 * What to say when a DICOM's modality is not the one the model was trained on: a CT given to a
 * fetal-ultrasound model is segmented all the same, and its "head circumference" looks as
 * plausible as a real one. Nothing is said when either side does not state a modality.
 * @param fileModality the file's Modality (0008,0060), e.g. "CT"; null or "" for non-DICOM files
 * @param modelModality the model's `modality` (model/metadata.ts), e.g. "US"; null when not stated
 * @returns one sentence, or null when they agree or one is unknown
 */
export function modalityHint(fileModality: string | null | undefined, modelModality: string | null | undefined): string | null {
  const file = (fileModality ?? '').trim().toUpperCase();
  const model = (modelModality ?? '').trim().toUpperCase();
  if (UNINFORMATIVE.has(file) || UNINFORMATIVE.has(model)) return null;
  if (file === model || (SAME_KIND[file] !== undefined && SAME_KIND[file] === SAME_KIND[model])) return null;
  return `This file is ${modalityWords(file)}; the model was trained on ${modalityWords(model)} images: its output may not mean anything here.`;
}
