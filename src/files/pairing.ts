/**
 * Pairs dropped files into images and their ground-truth masks by file name.
 *
 * A file is a mask when its name is an image's name plus a common suffix (`_mask`, `_seg`,
 * `_gt`, `_label`, `_Annotation`, …) or when it sits in a folder named like `masks/` or
 * `labels/` and has the same name as an image elsewhere. Matching ignores case and extension.
 * Images with the same name in different folders (`siteA/scan.png`, `siteB/scan.png`) are all
 * kept, each labelled by as much of its path as tells them apart; a mask goes to the image whose
 * folder it sits in (or beside, for a `masks/` folder), and a mask that could belong to several
 * is listed as ambiguous rather than guessed. A mask with no image, or a second mask for an image
 * that already has one, is listed as unpaired with the reason.
 */

export interface NamedFile {
  /** Path relative to what was dropped, `/`-separated (just the name for loose files). */
  readonly path: string;
}

export interface Pair<F extends NamedFile> {
  readonly image: F;
  readonly mask: F | null;
  /** The image's name for lists and exports: its file name, or as much of its path as tells it apart from others of that name. */
  readonly label: string;
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

/** Folder names that say "the images" rather than where they come from (`site/images/x.png`). */
const IMAGE_FOLDER_PATTERN = /^(images?|imgs?|scans?|inputs?|x|raw)$/i;

/**
 * Where a file belongs: its folders less any images/ or masks/ level, so `site/images/x.png` and
 * `site/masks/x.png` are both at home in `site`.
 */
function home(path: string): string[] {
  return path
    .split('/')
    .slice(0, -1)
    .filter((segment) => !MASK_FOLDER_PATTERN.test(segment) && !IMAGE_FOLDER_PATTERN.test(segment));
}

/** How well an image's home matches a mask's: leading folders in common, an exact match best. */
function affinity(imagePath: string, maskHome: readonly string[]): number {
  const dir = home(imagePath);
  let common = 0;
  while (common < dir.length && common < maskHome.length && dir[common].toLowerCase() === maskHome[common].toLowerCase()) common++;
  return common * 2 + (common === dir.length && common === maskHome.length ? 1 : 0);
}

/** Shortest trailing part of each path that no other path in the group shares. */
function distinctLabels(paths: readonly string[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const path of paths) {
    const parts = path.split('/');
    let take = 1;
    const tail = (p: string, n: number) => p.split('/').slice(-n).join('/').toLowerCase();
    while (take < parts.length && paths.some((other) => other !== path && tail(other, take) === tail(path, take))) take++;
    labels.set(path, parts.slice(-take).join('/'));
  }
  return labels;
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
  const imagesByKey = new Map<string, F[]>();
  const unpaired: Unpaired<F>[] = ignored.map((file) => ({ file, reason: 'not an image file' }));
  for (const image of images) {
    const key = stem(image.path).toLowerCase();
    imagesByKey.set(key, [...(imagesByKey.get(key) ?? []), image]);
  }
  const maskOf = new Map<F, F>();
  const reasons = new Map<F, string>();
  // Same-name masks in a mask folder win over suffix matches: they are the more deliberate layout.
  const candidates: Array<{ file: F; key: string }> = [
    ...folderMasks.map((file) => ({ file, key: stem(file.path).toLowerCase() })),
    ...folderMasks.map((file) => ({ file, key: suffixBase(file.path) ?? '' })),
    ...suffixMasks.map((file) => ({ file, key: suffixBase(file.path) ?? '' })),
  ];
  const placed = new Set<F>();
  for (const { file, key } of candidates) {
    const owners = imagesByKey.get(key);
    if (placed.has(file) || !owners) continue;
    const maskHome = home(file.path);
    const scores = owners.map((image) => affinity(image.path, maskHome));
    const best = Math.max(...scores);
    const winners = owners.filter((_, i) => scores[i] === best);
    if (winners.length > 1) {
      reasons.set(file, `it could belong to ${winners.length} images named ${stem(file.path)} (${winners.map((w) => w.path).join(', ')}); put it in or beside its image's folder`);
      continue;
    }
    const image = winners[0];
    const existing = maskOf.get(image);
    if (existing) {
      reasons.set(file, `${fileName(existing.path)} is already the mask for this image`);
      continue;
    }
    maskOf.set(image, file);
    placed.add(file);
    reasons.delete(file);
  }
  for (const file of [...folderMasks, ...suffixMasks]) {
    if (placed.has(file)) continue;
    unpaired.push({ file, reason: reasons.get(file) ?? 'no image with a matching name' });
  }
  const labels = new Map<string, string>();
  for (const group of imagesByKey.values()) {
    for (const [path, label] of distinctLabels(group.map((g) => g.path))) labels.set(path, label);
  }
  const pairs = images.map((image) => ({ image, mask: maskOf.get(image) ?? null, label: labels.get(image.path) ?? fileName(image.path) }));
  return { pairs, unpaired };
}
