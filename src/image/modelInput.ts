/**
 * Builds the float tensor data a model reads from a decoded image: resample the chosen region
 * to the model's square, in the model's channel count, scaled as the model expects.
 */
import { type Region } from './geometry';
import { applyIntensity, type IntensityMode } from './intensity';
import { type Raster, toUnitPlanes } from './raster';
import { resampleRegion } from './resample';
import { defaultWindow, type IntensityWindow } from './window';

export interface InputSpec {
  /** Side of the model's square input, e.g. 256. */
  readonly size: number;
  readonly channels: 1 | 3;
  readonly intensity: IntensityMode;
}

/** Interleaved HWC floats, `size`×`size`×`channels`, ready for a [1, H, W, C] tensor. */
export function prepareModelInput(raster: Raster, region: Region, spec: InputSpec, window: IntensityWindow = defaultWindow(raster)): Float32Array {
  const planes = toUnitPlanes(raster, spec.channels, window).map((plane) =>
    resampleRegion(plane, raster.width, raster.height, region, spec.size),
  );
  const n = spec.size * spec.size;
  const out = new Float32Array(n * spec.channels);
  for (let c = 0; c < spec.channels; c++) {
    const plane = planes[c];
    for (let i = 0; i < n; i++) out[i * spec.channels + c] = plane[i];
  }
  return applyIntensity(out, spec.intensity);
}

/** The model's view as 8-bit grey for display (first channel of the unit-scaled input). */
export function modelViewGrey(raster: Raster, region: Region, size: number, window: IntensityWindow = defaultWindow(raster)): Uint8Array {
  const plane = resampleRegion(toUnitPlanes(raster, 1, window)[0], raster.width, raster.height, region, size);
  const out = new Uint8Array(plane.length);
  for (let i = 0; i < plane.length; i++) out[i] = Math.round(Math.min(1, Math.max(0, plane[i])) * 255);
  return out;
}
