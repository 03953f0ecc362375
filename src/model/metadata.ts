/**
 * Per-model settings the weights do not carry: intensity scaling, geometry, threshold, label.
 * Stored as `unet-studio.json` beside `model.json`; every field is optional and checked, and
 * channels and input size always come from the model itself.
 */
import { type GeometryMode } from '../image/geometry';
import { INTENSITY_MODES, type IntensityMode } from '../image/intensity';

export const METADATA_FILE = 'unet-studio.json';

export interface ModelMetadata {
  readonly name: string;
  readonly label: string;
  readonly intensity: IntensityMode;
  readonly geometry: GeometryMode;
  readonly threshold: number;
  /** Attribution and provenance shown in the UI (from the model card). */
  readonly attribution: string | null;
}

export const DEFAULT_METADATA: ModelMetadata = {
  name: 'model',
  label: 'foreground',
  intensity: 'unit',
  geometry: 'fit',
  threshold: 0.5,
  attribution: null,
};

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
  const attribution = o.attribution === undefined || o.attribution === null ? null : str('attribution', '');
  return {
    name: str('name', fallbackName),
    label: str('label', DEFAULT_METADATA.label),
    intensity: intensity as IntensityMode,
    geometry,
    threshold,
    attribution,
  };
}
