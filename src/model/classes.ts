/**
 * The class table of a multi-class model: what each output class is called, the colour it is drawn
 * in, and the pixel value that stands for it in label-map ground truth. Class 0 is background and
 * is not listed; entry k − 1 describes class k. A binary model is the case of one class.
 *
 * Stored in `unet-studio.json` as `"classes": [{ "name": "fetal head", "color": "#56B4E9", "value": 2 }, …]`;
 * colour and value are optional (the palette below; the class index).
 */

export interface ClassInfo {
  readonly name: string;
  /** `#rrggbb`. */
  readonly color: string;
  /** The pixel value of this class in a label-map mask file (the class index unless told). */
  readonly value: number;
}

/**
 * Okabe & Ito's colour-blind-safe set (2008) in an order that puts the most separable first, then
 * Paul Tol's "muted" scheme for models with more than seven classes. None is grey, so a class stays
 * apart from a greyscale scan.
 */
export const CLASS_PALETTE: readonly string[] = [
  '#E69F00', // orange
  '#56B4E9', // sky blue
  '#009E73', // bluish green
  '#F0E442', // yellow
  '#0072B2', // blue
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#882255', '#44AA99', '#999933', '#AA4499', '#117733', '#332288', '#88CCEE', '#CC6677', '#DDCC77',
];

/** The default entry for class k (1-based). */
export function defaultClass(k: number): ClassInfo {
  return { name: `class ${k}`, color: CLASS_PALETTE[(k - 1) % CLASS_PALETTE.length], value: k };
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/**
 * Validates the `"classes"` array of `unet-studio.json`; `fail` receives one line naming the entry
 * and what is wrong with it.
 */
export function parseClasses(json: unknown, fail: (message: string) => never): ClassInfo[] {
  if (!Array.isArray(json) || json.length === 0) fail('"classes" must be a non-empty array of { "name", "color", "value" }');
  const classes = (json as unknown[]).map((entry, i): ClassInfo => {
    const k = i + 1;
    if (typeof entry === 'string' && entry.trim() !== '') return { ...defaultClass(k), name: entry };
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) fail(`"classes"[${i}] must be an object or a name`);
    const o = entry as Record<string, unknown>;
    if (typeof o.name !== 'string' || o.name.trim() === '') fail(`"classes"[${i}].name must be a non-empty string`);
    const color = o.color ?? defaultClass(k).color;
    if (typeof color !== 'string' || !HEX.test(color)) fail(`"classes"[${i}].color must be "#rrggbb"`);
    const value = o.value ?? k;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
      fail(`"classes"[${i}].value must be an integer from 1 to 65535 (0 is background)`);
    }
    return { name: o.name as string, color: color as string, value: value as number };
  });
  const values = new Set(classes.map((c) => c.value));
  if (values.size !== classes.length) fail('"classes": two classes have the same "value"');
  return classes;
}

/**
 * The full table for a model with `count` foreground classes: the named ones first, defaults for
 * the rest. A binary model without a table gets its `label` in the binary overlay colour.
 */
export function classTable(named: readonly ClassInfo[] | null, count: number, binaryLabel: string): ClassInfo[] {
  if (!named && count === 1) return [{ name: binaryLabel, color: '#009E73', value: 1 }];
  return Array.from({ length: count }, (_, i) => named?.[i] ?? defaultClass(i + 1));
}

/** `#rrggbb` as [r, g, b] bytes. */
export function rgbOf(color: string): [number, number, number] {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}
