/**
 * Merges newly dropped files into the image list: pairs every file dropped so far by name,
 * keeps the work already done for images that were there before, and attaches new masks.
 */
import { type GeometryMode } from '../image/geometry';
import { fileName, pairFiles } from '../files/pairing';
import { type ImageItem, type SourceFile, type UnpairedFile } from './types';

export function mergeDrop(
  existing: readonly ImageItem[],
  allSources: readonly SourceFile[],
  geometry: GeometryMode,
): { items: ImageItem[]; unpaired: UnpairedFile[] } {
  const byPath = new Map(existing.map((item) => [item.source.path, item]));
  const { pairs, unpaired } = pairFiles(allSources);
  const items = pairs.map(({ image, mask }): ImageItem => {
    const before = byPath.get(image.path);
    const maskChanged = (before?.mask?.source.path ?? null) !== (mask?.path ?? null);
    if (before && !maskChanged) return before;
    const newMask = mask ? { source: mask, truth: null, error: null, histogram: null } : null;
    if (before) return { ...before, mask: newMask, status: before.status === 'error' ? 'error' : 'waiting' };
    return {
      id: image.path,
      name: fileName(image.path),
      source: image,
      status: 'waiting',
      error: null,
      raster: null,
      size: null,
      geometry,
      region: null,
      segmentation: null,
      segmentedWith: -1,
      mask: newMask,
    };
  });
  return { items, unpaired: unpaired.map((u) => ({ path: u.file.path, reason: u.reason })) };
}
