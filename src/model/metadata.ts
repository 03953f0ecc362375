/**
 * Per-model settings the weights do not carry: intensity scaling, geometry, threshold, label,
 * what the predicted region is measured as, and the imaging modality the model was trained on.
 * Stored as `unet-studio.json` beside `model.json`; every field is optional and checked, and
 * channels and input size always come from the model itself.
 */
import { type GeometryMode } from '../image/geometry';
import { INTENSITY_MODES, type IntensityMode } from '../image/intensity';
import { type ClassInfo, parseClasses } from './classes';

export const METADATA_FILE = 'unet-studio.json';

/**
 * Measurements a model's region stands for: `'ellipse'` fits an ellipse to the predicted region
 * and reports its perimeter and axes (HC, BPD, OFD: a fetal head); see metrics/biometry.ts.
 * `'angle-of-progression'`, for a model of two or more classes whose class 1 is the pubic
 * symphysis and class 2 the fetal head (intrapartum transperineal ultrasound), reports the angle
 * of progression; see metrics/angleOfProgression.ts.
 */
export const MEASURES = ['ellipse', 'angle-of-progression'] as const;
export type Measure = (typeof MEASURES)[number];

export interface ModelMetadata {
  readonly name: string;
  readonly label: string;
  readonly intensity: IntensityMode;
  readonly geometry: GeometryMode;
  readonly threshold: number;
  /** Attribution and provenance shown in the UI (from the model card). */
  readonly attribution: string | null;
  /** What the predicted region is measured as (`"measure"` in the file); null: nothing beyond its area. */
  readonly measure: Measure | null;
  /**
   * The foreground classes of a multi-class model (class k is entry k − 1; model/classes.ts);
   * null for a binary model, whose one class is `label`.
   */
  readonly classes: readonly ClassInfo[] | null;
  /**
   * How the output's channels are read: `'softmax'` (one class per pixel, class 0 background) or
   * `'sigmoid'` (one independent probability per channel; several channels = multi-label). Null:
   * from the model (one channel = sigmoid; more = the last layer's activation, else softmax).
   */
  readonly activation: Activation | null;
  /**
   * The imaging modality of the images the model was trained on, as DICOM's Modality (0008,0060)
   * code (`"US"`, `"CT"`, `"MR"`…), so a DICOM of another modality gets a hint
   * (image/domainHints.ts modalityHint); null: not stated, no hint.
   */
  readonly modality: string | null;
}

export const ACTIVATIONS = ['softmax', 'sigmoid'] as const;
export type Activation = (typeof ACTIVATIONS)[number];


export const DEFAULT_METADATA: ModelMetadata = {
  name: 'model',
  label: 'foreground',
  intensity: 'unit',
  geometry: 'fit',
  threshold: 0.5,
  attribution: null,
  measure: null,
  classes: null,
  activation: null,
  modality: null,
};

/** A DICOM Code String as Modality holds it: capitals, digits, underscore, at most 16 (PS3.5 §6.2, CS). */
const MODALITY_CODE = /^[A-Z0-9_]{1,16}$/;

export class MetadataError extends Error {}

/** Validates a parsed `unet-studio.json`, filling defaults; unknown values are errors. */
export function parseMetadata(json: unknown, fallbackName: string): ModelMetadata {
  if (json === null || json === undefined) return { ...DEFAULT_METADATA, name: fallbackName };
  if (typeof json !== 'object' || Array.isArray(json)) throw new MetadataError(`${METADATA_FILE} must hold a JSON object`);
  const o = json as Record<string, unknown>;
  const str = (key: string, fallback: string) => {
    const v = o[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || v.trim() === '') throw new MetadataError(`${METADATA_FILE}: "${key}" must be a non-empty string`);
    return v;
  };
  const intensity = o.intensity ?? DEFAULT_METADATA.intensity;
  if (!INTENSITY_MODES.includes(intensity as IntensityMode)) {
    throw new MetadataError(`${METADATA_FILE}: "intensity" must be one of ${INTENSITY_MODES.join(', ')}`);
  }
  const geometry = o.geometry ?? DEFAULT_METADATA.geometry;
  if (geometry !== 'fit' && geometry !== 'crop') throw new MetadataError(`${METADATA_FILE}: "geometry" must be "fit" or "crop"`);
  const threshold = o.threshold ?? DEFAULT_METADATA.threshold;
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw new MetadataError(`${METADATA_FILE}: "threshold" must be a number from 0 to 1`);
  }
  const measure = o.measure ?? null;
  if (measure !== null && !MEASURES.includes(measure as Measure)) {
    throw new MetadataError(`${METADATA_FILE}: "measure" must be ${MEASURES.map((m) => `"${m}"`).join(' or ')} or absent`);
  }
  const fail = (message: string): never => {
    throw new MetadataError(`${METADATA_FILE}: ${message}`);
  };
  const classes = o.classes === undefined || o.classes === null ? null : parseClasses(o.classes, fail);
  const activation = o.activation ?? null;
  if (activation !== null && !ACTIVATIONS.includes(activation as Activation)) fail('"activation" must be "softmax" or "sigmoid" or absent');
  const modality = o.modality ?? null;
  if (modality !== null && (typeof modality !== 'string' || !MODALITY_CODE.test(modality))) fail('"modality" must be a DICOM modality code such as "US", "CT" or "MR", or absent');
  const attribution = o.attribution === undefined || o.attribution === null ? null : str('attribution', '');
  return {
    name: str('name', fallbackName),
    label: str('label', DEFAULT_METADATA.label),
    intensity: intensity as IntensityMode,
    geometry,
    threshold,
    attribution,
    measure: measure as Measure | null,
    classes,
    activation: activation as Activation | null,
    modality: modality as string | null,
  };
}
