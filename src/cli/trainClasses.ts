/**
 * How `npm run train` tells a binary data set from a multi-class one, and the class table it
 * trains and saves. Pure functions over decoded mask values (no TF.js, no files).
 */
import { type ClassInfo, defaultClass } from '../model/classes';

/** The largest class index a mask may hold to be read as a label map (beyond it: 0/255-style binary). */
export const MAX_LABEL_VALUE = 64;

/**
 * Classes (background included) that a set of mask files implies: their largest value + 1 when
 * the masks are label maps — whole numbers, more than two distinct values in all, none above
 * `MAX_LABEL_VALUE` — else 2 (binary: 0/1, 0/255, soft-edged masks read as today).
 */
export function classesFromMaskValues(values: ReadonlySet<number>): number {
  const list = [...values];
  const max = Math.max(0, ...list);
  const labels = list.length > 2 && max <= MAX_LABEL_VALUE && list.every((v) => Number.isInteger(v) && v >= 0);
  return labels ? max + 1 : 2;
}

/**
 * `classesFromMaskValues` over a whole mask folder, refusing one that mixes kinds: label maps
 * (small whole values, some ≥ 2) beside masks with values above `MAX_LABEL_VALUE` (0/255-style)
 * would otherwise train a binary model on every mask, the label maps' classes merged unnoticed.
 * @param masks each mask's path (as it is named to the user) and its distinct values
 * @returns classes, background included
 * @throws Error naming a mask of each kind and how many there are
 */
export function classesFromMasks(masks: readonly { readonly path: string; readonly values: ReadonlySet<number> }[]): number {
  const isSmall = (m: (typeof masks)[number]) => Math.max(0, ...m.values) <= MAX_LABEL_VALUE;
  const small = masks.filter(isSmall);
  const large = masks.filter((m) => !isSmall(m));
  const union = (list: typeof masks) => new Set(list.flatMap((m) => [...m.values]));
  const labelClasses = classesFromMaskValues(union(small));
  if (labelClasses > 2 && large.length > 0) {
    const labelled = small.find((m) => Math.max(0, ...m.values) >= 2) ?? small[0];
    const values = (m: (typeof masks)[number]) => [...m.values].sort((a, b) => a - b).slice(0, 6).join(', ');
    throw new Error(
      `the masks mix class values 0–${MAX_LABEL_VALUE} (${small.length} of ${masks.length}, e.g. ${labelled.path}: values ${values(labelled)}) and values above ${MAX_LABEL_VALUE} ` +
        `(${large.length}, e.g. ${large[0].path}: values ${values(large[0])}); make them one kind: label maps of class values 0, 1, 2…, or binary masks throughout`,
    );
  }
  return classesFromMaskValues(union(masks));
}

/**
 * The class table for `classes` (background included): `names` (comma-separated, class 1 first)
 * where given, else `fallback`'s entries, else defaults; class k's pixel value is k.
 * @throws Error when there are more names than foreground classes.
 */
export function classTableFor(classes: number, names: string | undefined, fallback: readonly ClassInfo[] | null): ClassInfo[] {
  const listed = names ? names.split(',').map((n) => n.trim()).filter((n) => n !== '') : [];
  if (listed.length > classes - 1) throw new Error(`${listed.length} class names for ${classes - 1} foreground class${classes === 2 ? '' : 'es'}`);
  return Array.from({ length: classes - 1 }, (_, i) => {
    const k = i + 1;
    const base = fallback?.[i] ?? defaultClass(k);
    return { ...base, name: listed[i] ?? base.name, value: fallback?.[i]?.value ?? k };
  });
}
