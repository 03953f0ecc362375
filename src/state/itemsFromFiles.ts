/**
 * Merges newly dropped files into the image list: pairs every file dropped so far by name,
 * keeps the work already done for images that were there before, and attaches new masks.
 */
import { type GeometryMode } from '../image/geometry';
import { pairFiles } from '../files/pairing';
import { type ImageItem, type MaskEntry, type SourceFile, type UnpairedFile } from './types';

export function mergeDrop(
  existing: readonly ImageItem[],
  allSources: readonly SourceFile[],
  geometry: GeometryMode,
): { items: ImageItem[]; unpaired: UnpairedFile[] } {
  // A multi-frame file has become one item per frame: all of them carry on.
  const byPath = new Map<string, ImageItem[]>();
  for (const item of existing) byPath.set(item.source.path, [...(byPath.get(item.source.path) ?? []), item]);
  const { pairs, unpaired } = pairFiles(allSources);
  const items = pairs.flatMap(({ image, mask, label }): ImageItem[] => {
    const newMask: MaskEntry | null = mask ? { source: mask, origin: 'file', correction: null, truth: null, error: null, histogram: null } : null;
    const before = byPath.get(image.path);
    if (before) {
      // A mask corrected here stays the image's ground truth whatever files are dropped later.
      return before.map((item) =>
        item.mask?.origin === 'corrected' || (item.mask?.source.path ?? null) === (mask?.path ?? null) ? item : { ...item, mask: newMask, status: item.status === 'error' ? 'error' : 'waiting' },
      );
    }
    return [
      {
        id: image.path,
        // Same-named images from different folders keep their folder (siteA/scan.png).
        name: label,
        source: image,
        frame: null,
        status: 'waiting',
        error: null,
        raster: null,
        size: null,
        geometry,
        region: null,
        window: null,
        scan: null,
        segmentation: null,
        uncertainty: null,
        segmentedWith: -1,
        mask: newMask,
      },
    ];
  });
  return { items, unpaired: unpaired.map((u) => ({ path: u.file.path, reason: u.reason })) };
}
