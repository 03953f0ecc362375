/**
 * Intensity windows: how stored sample values become the [0, 1] grey that is both displayed and
 * given to the model (the model sees exactly what the view shows). The mapping is DICOM's linear
 * VOI LUT function (PS3.3 C.11.2.1.2.1); a full-range window reproduces "pixel / max" exactly.
 */
import { type Raster } from './raster';

/** Smallest and largest sample present (as the decoder measured them, when it did). */
export function sampleRange(raster: Raster): [number, number] {
  if (raster.range) return [raster.range[0], raster.range[1]];
  return measureRange(raster);
}

/** Smallest and largest sample present, by a pass over every sample. */
export function measureRange(raster: Raster): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  const d = raster.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return d.length ? [min, max] : [0, 0];
}

export interface IntensityWindow {
  readonly center: number;
  readonly width: number;
}

/** DICOM's linear window function, to [0, 1]. */
export function windowUnit(value: number, window: IntensityWindow): number {
  const c = window.center - 0.5;
  const w = Math.max(window.width, 1) - 1;
  if (w <= 0) return value <= c ? 0 : 1;
  const y = (value - c) / w + 0.5;
  return y <= 0 ? 0 : y >= 1 ? 1 : y;
}

/** The window whose ends are exactly `low` → 0 and `high` → 1. */
export function windowFromRange(low: number, high: number): IntensityWindow {
  const width = Math.max(high - low, 1e-6) + 1;
  return { center: low + width / 2, width };
}

/** The window of the sample type's whole range: pixel / max, as for any 8- or 16-bit image. */
export function fullRangeWindow(raster: Raster): IntensityWindow | null {
  if (raster.bitDepth === 8) return windowFromRange(0, 255);
  if (raster.bitDepth === 16) return windowFromRange(0, 65535);
  return null;
}

/**
 * The window an image opens with: the file's own (DICOM Window Center/Width), else for a DICOM or
 * real-valued data the range of values present, else the type's full range (pixel / max).
 */
export function defaultWindow(raster: Raster): IntensityWindow {
  if (raster.scan?.window) return raster.scan.window;
  const full = fullRangeWindow(raster);
  if (full && raster.scan?.format !== 'DICOM') return full;
  return windowFromRange(...sampleRange(raster));
}

export interface WindowPreset {
  readonly name: string;
  readonly window: IntensityWindow;
}

/** Presets offered for an image: its file's, its value range, its type's range, and CT's classics for CT. */
export function windowPresets(raster: Raster): WindowPreset[] {
  const presets: WindowPreset[] = [];
  if (raster.scan?.window) presets.push({ name: 'File', window: raster.scan.window });
  presets.push({ name: 'Pixel range', window: windowFromRange(...sampleRange(raster)) });
  const full = fullRangeWindow(raster);
  if (full) presets.push({ name: 'Full range', window: full });
  if (raster.scan?.dicom?.modality === 'CT') {
    presets.push(
      { name: 'Soft tissue', window: { center: 40, width: 400 } },
      { name: 'Lung', window: { center: -600, width: 1500 } },
      { name: 'Bone', window: { center: 400, width: 1800 } },
      { name: 'Brain', window: { center: 40, width: 80 } },
    );
  }
  return presets;
}

export function sameWindow(a: IntensityWindow | null | undefined, b: IntensityWindow | null | undefined): boolean {
  return a === b || (!!a && !!b && a.center === b.center && a.width === b.width);
}

const fmt = (v: number) => (Math.abs(v) >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toPrecision(4));

/** The mapping in words, for the UI and exported results. */
export function describeWindow(window: IntensityWindow, invert: boolean): string {
  const low = window.center - 0.5 - (window.width - 1) / 2;
  const high = window.center - 0.5 + (window.width - 1) / 2;
  return `window centre ${fmt(window.center)}, width ${fmt(window.width)}: value ≤ ${fmt(low)} → ${invert ? 1 : 0}, ≥ ${fmt(high)} → ${invert ? 0 : 1}, linear between${invert ? ' (MONOCHROME1: inverted)' : ''}`;
}
