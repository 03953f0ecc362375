/**
 * The one segmentation pipeline shared by the app's worker and `npm run segment`:
 * raster + region → model input → model → probabilities on the model grid, with where the grid
 * lies on the image (see image/segmentation.ts for the per-pixel probabilities).
 */
import { type Region, visibleBox } from '../image/geometry';
import { prepareModelInput } from '../image/modelInput';
import { type Raster } from '../image/raster';
import { type Segmentation } from '../image/segmentation';
import { defaultWindow, type IntensityWindow } from '../image/window';
import { type SegmentationModel } from './segmentationModel';


export async function segmentRaster(model: SegmentationModel, raster: Raster, region: Region, window: IntensityWindow = defaultWindow(raster)): Promise<Segmentation> {
  const input = prepareModelInput(raster, region, model.spec, window);
  const started = performance.now();
  const several = model.classes.length > 1;
  const { foreground: grid, classes } = several ? await model.predictClasses(input) : { foreground: await model.predict(input), classes: null };
  const inferenceMs = performance.now() - started;
  return {
    grid,
    gridSize: model.spec.size,
    region,
    box: visibleBox(region, raster.width, raster.height),
    window,
    inferenceMs,
    ...(several ? { classGrids: classes, activation: model.activation } : {}),
  };
}
