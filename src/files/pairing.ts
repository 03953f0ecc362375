/**
 * Pairs dropped files into images and their ground-truth masks by file name.
 *
 * A file is a mask when its name is an image's name plus a common suffix (`_mask`, `_seg`,
 * `_gt`, `_label`, `_Annotation`, …) or when it sits in a folder named like `masks/` or
 * `labels/` and has the same name as an image elsewhere. Matching ignores case and extension.
 * A mask with no image, or a second mask for an image that already has one, is listed as
 * unpaired with the reason.
 */

export interface NamedFile {
  /** Path relative to what was dropped, `/`-separated (just the name for loose files). */
  readonly path: string;
}

export interface Pair<F extends NamedFile> {
  readonly image: F;
  readonly mask: F | null;
}

export interface Unpaired<F extends NamedFile> {
  readonly file: F;
  readonly reason: string;
}

export interface Pairing<F extends NamedFile> {
  readonly pairs: Pair<F>[];
  readonly unpaired: Unpaired<F>[];
}

export const MASK_SUFFIXES = ['mask', 'masks', 'seg', 'segmentation', 'gt', 'label', 'labels', 'annotation', 'truth', 'groundtruth'];
const SUFFIX_PATTERN = new RegExp(`^(.*?)[_\\-. ]?(?:${MASK_SUFFIXES.join('|')})$`, 'i');
const MASK_FOLDER_PATTERN = /^(masks?|labels?|gts?|ground[_\- ]?truths?|annotations?|segmentations?|targets?|y)$/i;

/** Extensions that are certainly not scans (a dropped dataset folder often holds these). */
const NOT_IMAGE = /\.(csv|tsv|txt|json|md|pdf|zip|gz|xml|html?|docx?|xlsx?|py|ipynb|h5|hdf5|keras|bin|ds_store)$/i;

export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function stem(path: string): string {
  const name = fileName(path);
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

function inMaskFolder(path: string): boolean {
  return path.split('/').slice(0, -1).some((segment) => MASK_FOLDER_PATTERN.test(segment));
}

/** The image key a mask name points to, via its suffix; null when it has none. */
function suffixBase(path: string): string | null {
  const match = SUFFIX_PATTERN.exec(stem(path));
  return match && match[1] ? match[1].toLowerCase() : null;
}

export function pairFiles<F extends NamedFile>(dropped: readonly F[]): Pairing<F> {
  const files = dropped.filter((f) => !NOT_IMAGE.test(f.path) && !fileName(f.path).startsWith('.'));
  const ignored = dropped.filter((f) => !files.includes(f));
  const folderMasks = files.filter((f) => inMaskFolder(f.path));
  const others = files.filter((f) => !inMaskFolder(f.path));
  const otherKeys = new Set(others.map((f) => stem(f.path).toLowerCase()));
  // A suffixed name is a mask only when the image it names is also here; otherwise it may be
  // an image that merely ends in "_seg", so it stays an image.
  const suffixMasks = others.filter((f) => {
    const base = suffixBase(f.path);
    return base !== null && otherKeys.has(base);
  });
  const suffixMaskSet = new Set(suffixMasks);
  const images = others.filter((f) => !suffixMaskSet.has(f));
  const imageByKey = new Map<string, F>();
  const unpaired: Unpaired<F>[] = ignored.map((file) => ({ file, reason: 'not an image file' }));
  for (const image of images) {
    const key = stem(image.path).toLowerCase();
    if (!imageByKey.has(key)) imageByKey.set(key, image);
  }
  const maskFor = new Map<string, F>();
  // Same-name masks in a mask folder win over suffix matches: they are the more deliberate layout.
  const candidates: Array<{ file: F; key: string }> = [
    ...folderMasks.map((file) => ({ file, key: stem(file.path).toLowerCase() })),
    ...folderMasks.map((file) => ({ file, key: suffixBase(file.path) ?? '' })),
    ...suffixMasks.map((file) => ({ file, key: suffixBase(file.path) ?? '' })),
  ];
  const placed = new Set<F>();
  for (const { file, key } of candidates) {
    if (placed.has(file) || !imageByKey.has(key)) continue;
    const existing = maskFor.get(key);
    if (existing) continue;
    maskFor.set(key, file);
    placed.add(file);
  }
  for (const file of [...folderMasks, ...suffixMasks]) {
    if (placed.has(file)) continue;
    const key = suffixBase(file.path) ?? stem(file.path).toLowerCase();
    const owner = maskFor.get(key) ?? maskFor.get(stem(file.path).toLowerCase());
    unpaired.push({
      file,
      reason: owner ? `${fileName(owner.path)} is already the mask for this image` : 'no image with a matching name',
    });
  }
  const seen = new Set<string>();
  const pairs: Pair<F>[] = [];
  for (const image of images) {
    const key = stem(image.path).toLowerCase();
    if (seen.has(key)) {
      unpaired.push({ file: image, reason: `another image is also named ${stem(image.path)}` });
      continue;
    }
    seen.add(key);
    pairs.push({ image, mask: maskFor.get(key) ?? null });
  }
  return { pairs, unpaired };
}
