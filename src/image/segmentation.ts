/**
 * A model's answer for one image, as kept for every image: the probability grid on the model's
 * square and where that square lies on the image. The probabilities at each original pixel are
 * derived from it when needed (overlay, metrics, export) instead of being stored: for an 800×540
 * scan that is 1.7 MB per image saved, which is what lets hundreds of images stay loaded.
 */
import { type PixelBox, type Region } from './geometry';
import { upsampleToBox } from './resample';
import { type IntensityWindow } from './window';

export interface Segmentation {
  /** Foreground probability on the model's grid (gridSize × gridSize, row-major). */
  readonly grid: Float32Array;
  readonly gridSize: number;
  /** The square of the image the model saw, and the image pixels it covers. */
  readonly region: Region;
  readonly box: PixelBox;
  /** The intensity window the model's input went through (the view's). */
  readonly window: IntensityWindow;
  /** Milliseconds in the model alone. */
  readonly inferenceMs: number;
}

const RECENT = 8;
const recent = new Map<Float32Array, Float32Array>();

/**
 * Probabilities at every original pixel of the box (row-major over the box), by bilinear
 * interpolation of the grid. The last few results are kept, since the selected image's overlay
 * asks again at every threshold move.
 */
export function probabilitiesOnImage(segmentation: Segmentation): Float32Array {
  const hit = recent.get(segmentation.grid);
  if (hit) {
    recent.delete(segmentation.grid);
    recent.set(segmentation.grid, hit);
    return hit;
  }
  const values = upsampleToBox(segmentation.grid, segmentation.gridSize, segmentation.region, segmentation.box);
  recent.set(segmentation.grid, values);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value as Float32Array);
  return values;
}

/**
 * The model's own probabilities on the image: the grid cells whose centre falls on the image's
 * pixels (the letterbox padding left out), row-major. At most gridSize² values, whatever the
 * image's size, so it is cheap for a 12000² scan too.
 */
export function probabilitiesOnGrid(segmentation: Segmentation): Float32Array {
  const { grid, gridSize, region, box } = segmentation;
  const scale = region.size / gridSize;
  const cells: number[] = [];
  for (let j = 0; j < gridSize; j++) {
    const y = region.y + (j + 0.5) * scale;
    if (y < box.y0 || y >= box.y1) continue;
    for (let i = 0; i < gridSize; i++) {
      const x = region.x + (i + 0.5) * scale;
      if (x >= box.x0 && x < box.x1) cells.push(grid[j * gridSize + i]);
    }
  }
  return Float32Array.from(cells);
}
