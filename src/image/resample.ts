/**
 * Resampling between the original image and the model's square grid.
 *
 * Down (image → model): a separable triangle (bilinear) filter whose support widens with the
 * scale factor, i.e. antialiased like PIL's BILINEAR resize; a plain 4-tap bilinear would alias
 * badly at the 3× reduction an 800-pixel scan needs. The result equals "cut the region out
 * (padding with black where it passes the image's edge), then resize it", which is how a
 * letterboxed training set is made.
 *
 * Up (model → image): plain bilinear interpolation of the model's output at each original
 * pixel centre, clamped at the grid's edges.
 */
import { type PixelBox, type Region } from './geometry';

interface Taps {
  /** For output k, taps are indices[start[k] .. start[k+1]) with matching weights. */
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly weight: Float32Array;
}

/** Filter taps along one axis for `outSize` outputs spanning [origin, origin + span). */
function axisTaps(origin: number, span: number, outSize: number, inSize: number): Taps {
  const scale = span / outSize;
  const support = Math.max(scale, 1);
  // Taps stop at the region's edge (as if it were cut out first, then resized); inside the
  // region but outside the image they read padding.
  const regionFirst = Math.ceil(origin - 1e-9);
  const regionLast = Math.floor(origin + span + 1e-9) - 1;
  const starts = new Int32Array(outSize + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  for (let k = 0; k < outSize; k++) {
    starts[k] = indices.length;
    const centre = origin + (k + 0.5) * scale;
    const first = Math.floor(centre - support);
    const last = Math.ceil(centre + support);
    let total = 0;
    const from = indices.length;
    for (let i = Math.max(first, regionFirst); i <= Math.min(last, regionLast); i++) {
      const w = 1 - Math.abs(i + 0.5 - centre) / support;
      if (w <= 0) continue;
      total += w;
      // Padding pixels keep their weight in `total` but contribute 0, so they are not stored.
      if (i >= 0 && i < inSize) {
        indices.push(i);
        weights.push(w);
      }
    }
    for (let t = from; t < weights.length; t++) weights[t] = weights[t] / total;
  }
  starts[outSize] = indices.length;
  return { start: starts, index: Int32Array.from(indices), weight: Float32Array.from(weights) };
}

/**
 * Resamples one plane (row-major, `width`×`height`) over `region` onto an `outSize`² grid.
 */
export function resampleRegion(
  plane: Float32Array,
  width: number,
  height: number,
  region: Region,
  outSize: number,
): Float32Array {
  const tx = axisTaps(region.x, region.size, outSize, width);
  const ty = axisTaps(region.y, region.size, outSize, height);
  // Horizontal pass only over the source rows that some output row reads.
  const rowUsed = new Uint8Array(height);
  for (let t = 0; t < ty.index.length; t++) rowUsed[ty.index[t]] = 1;
  const horizontal = new Float32Array(height * outSize);
  for (let y = 0; y < height; y++) {
    if (!rowUsed[y]) continue;
    const rowIn = y * width;
    const rowOut = y * outSize;
    for (let k = 0; k < outSize; k++) {
      let acc = 0;
      for (let t = tx.start[k]; t < (tx.start[k + 1]); t++) {
        acc += (plane[rowIn + (tx.index[t])]) * (tx.weight[t]);
      }
      horizontal[rowOut + k] = acc;
    }
  }
  const out = new Float32Array(outSize * outSize);
  for (let k = 0; k < outSize; k++) {
    const rowOut = k * outSize;
    for (let t = ty.start[k]; t < (ty.start[k + 1]); t++) {
      const w = ty.weight[t];
      const rowIn = (ty.index[t]) * outSize;
      for (let j = 0; j < outSize; j++) out[rowOut + j] = (out[rowOut + j]) + (horizontal[rowIn + j]) * w;
    }
  }
  return out;
}

/** Bilinear sample positions along one axis: lower index, upper index, upper weight. */
function bilinearAxis(from: number, to: number, regionStart: number, regionSize: number, gridSize: number) {
  const n = to - from;
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const frac = new Float32Array(n);
  const scale = gridSize / regionSize;
  for (let i = 0; i < n; i++) {
    const u = (from + i + 0.5 - regionStart) * scale - 0.5;
    const clamped = Math.min(gridSize - 1, Math.max(0, u));
    const l = Math.floor(clamped);
    lo[i] = l;
    hi[i] = Math.min(gridSize - 1, l + 1);
    frac[i] = clamped - l;
  }
  return { lo, hi, frac };
}

/**
 * Samples the model's `gridSize`² output at every original pixel of `box` (inside `region`), one
 * row at a time: `visit` gets each row (box width values; the same array, overwritten) and its
 * image y. For a 12000×12000 image this is what keeps 576 MB of probabilities from ever existing
 * at once (metrics/thresholdHistogram.ts counts them row by row).
 */
export function upsampleRows(grid: Float32Array, gridSize: number, region: Region, box: PixelBox, visit: (row: Float32Array, y: number) => void): void {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const ax = bilinearAxis(box.x0, box.x1, region.x, region.size, gridSize);
  const ay = bilinearAxis(box.y0, box.y1, region.y, region.size, gridSize);
  const row = new Float32Array(w);
  for (let y = 0; y < h; y++) {
    const r0 = (ay.lo[y]) * gridSize;
    const r1 = (ay.hi[y]) * gridSize;
    const fy = ay.frac[y];
    for (let x = 0; x < w; x++) {
      const c0 = ax.lo[x];
      const c1 = ax.hi[x];
      const fx = ax.frac[x];
      const top = (grid[r0 + c0]) * (1 - fx) + (grid[r0 + c1]) * fx;
      const bottom = (grid[r1 + c0]) * (1 - fx) + (grid[r1 + c1]) * fx;
      row[x] = top * (1 - fy) + bottom * fy;
    }
    visit(row, box.y0 + y);
  }
}

/**
 * Samples the model's `gridSize`² output at every original pixel of `box` (inside `region`).
 * Returns a row-major (box width × box height) plane.
 */
export function upsampleToBox(grid: Float32Array, gridSize: number, region: Region, box: PixelBox): Float32Array {
  const w = box.x1 - box.x0;
  const out = new Float32Array(w * (box.y1 - box.y0));
  upsampleRows(grid, gridSize, region, box, (row, y) => out.set(row, (y - box.y0) * w));
  return out;
}
