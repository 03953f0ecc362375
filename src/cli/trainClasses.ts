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
