/**
 * The one segmentation pipeline shared by the app's worker and `npm run segment`:
 * raster + region → model input → model → probabilities on the model grid and, resampled,
 * on every original pixel the region covers.
 */
import { type PixelBox, type Region, visibleBox } from '../image/geometry';
import { prepareModelInput } from '../image/modelInput';
import { type Raster } from '../image/raster';
import { upsampleToBox } from '../image/resample';
import { type SegmentationModel } from './segmentationModel';

export interface Segmentation {
  /** Foreground probability on the model's grid (size × size). */
  readonly grid: Float32Array;
  readonly gridSize: number;
  /** The original pixels the region covers, and their probabilities (row-major over the box). */
  readonly box: PixelBox;
  readonly boxProbabilities: Float32Array;
  /** Milliseconds in the model alone. */
  readonly inferenceMs: number;
}

export async function segmentRaster(model: SegmentationModel, raster: Raster, region: Region): Promise<Segmentation> {
  const input = prepareModelInput(raster, region, model.spec);
  const started = performance.now();
  const grid = await model.predict(input);
  const inferenceMs = performance.now() - started;
  const box = visibleBox(region, raster.width, raster.height);
  const boxProbabilities = upsampleToBox(grid, model.spec.size, region, box);
  return { grid, gridSize: model.spec.size, box, boxProbabilities, inferenceMs };
}
