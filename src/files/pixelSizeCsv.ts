/**
 * Pixel sizes (and reference measurements) from a CSV dropped with the images, as the HC18
 * challenge ships them: `filename,pixel size(mm),head circumference (mm)`.
 *
 * Header names are matched loosely (case, spaces, punctuation and units ignored): the file
 * column is the first named like `filename`, `file`, `image`, `name`; the pixel size is one
 * column (`pixel size`, `pixel spacing`, `spacing`, `mm per pixel`…) holding one number for
 * square pixels or two (`row\col`, `row;col`, `row x col`) as DICOM Pixel Spacing orders them,
 * or two columns (`row spacing`/`column spacing`, `pixel size y`/`pixel size x`); a reference
 * head circumference (`head circumference`, `hc`) is optional. Comma, semicolon or tab separated;
 * quotes, a BOM and CRLF line ends are accepted. Rows are looked up by file name without folder
 * or extension, ignoring case, so `001_HC.png` in the CSV finds `images/001_HC.PNG`, and a frame
 * `cine.dcm#3` finds `cine.dcm`'s row.
 */
import { fileName, stem } from './pairing';
import { splitCsv } from './csv';

export interface PixelSizeEntry {
  /** The file name as the CSV gives it. */
  readonly file: string;
  /** [row spacing, column spacing] in mm, as DICOM Pixel Spacing. */
  readonly spacing: readonly [number, number];
  /** Reference head circumference in mm, when the CSV has the column and a value. */
  readonly referenceHc: number | null;
}

export interface PixelSizeTable {
  readonly entries: readonly PixelSizeEntry[];
  /** Rows that could not be read, each with the reason (line numbers from 1, the header included). */
  readonly skipped: readonly string[];
  /** The entry for an image (path, name or `name#frame`), or null. */
  lookup(name: string): PixelSizeEntry | null;
}

export class PixelSizeCsvError extends Error {}

/** A header reduced to letters: `Pixel size (mm)` → `pixelsize`, `head circumference (mm)` → `headcircumference`. */
const key = (header: string) =>
  header
    .toLowerCase()
    .replace(/\((?:mm|px|pixels?|mm\/px|mm per pixel)\)|\[(?:mm|px)\]/g, '')
    .replace(/[^a-z]/g, '');

const FILE_KEYS = ['filename', 'file', 'imagename', 'image', 'name', 'imagefile', 'path', 'filepath'];
const SIZE_KEYS = ['pixelsize', 'pixelspacing', 'spacing', 'pixelsizemm', 'mmperpixel', 'mmpx', 'resolution', 'pixelsizemmpx'];
const ROW_KEYS = ['rowspacing', 'pixelsizey', 'pixelspacingy', 'spacingy', 'yspacing', 'pixelheight'];
const COL_KEYS = ['columnspacing', 'colspacing', 'pixelsizex', 'pixelspacingx', 'spacingx', 'xspacing', 'pixelwidth'];
const HC_KEYS = ['headcircumference', 'hc', 'hcmm', 'referencehc', 'headcircumferencemm'];

const findColumn = (keys: readonly string[], wanted: readonly string[]) => {
  for (const w of wanted) {
    const k = keys.indexOf(w);
    if (k >= 0) return k;
  }
  return -1;
};

/** A positive finite number, accepting a decimal comma when the separator is not one. */
function positive(text: string | undefined, decimalComma: boolean): number | null {
  if (text === undefined) return null;
  const t = decimalComma ? text.trim().replace(',', '.') : text.trim();
  if (t === '') return null;
  const v = Number(t);
  return Number.isFinite(v) && v > 0 ? v : null;
}

/** Normalised lookup key of a file: its name without folder, frame suffix or extension, lower case. */
export function pixelSizeKey(name: string): string {
  const base = fileName(name.replace(/\\/g, '/')).replace(/#\d+$/, '');
  return stem(base).toLowerCase();
}

export function parsePixelSizeCsv(text: string): PixelSizeTable {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.split(/\r?\n/, 1)[0] ?? '';
  const sep = [',', ';', '\t'].reduce((best, s) => (firstLine.split(s).length > firstLine.split(best).length ? s : best), ',');
  const rows = splitCsv(clean, sep).filter((r) => r.some((c) => c.trim() !== ''));
  if (rows.length === 0) throw new PixelSizeCsvError('the pixel-size CSV is empty');
  const headers = rows[0].map((h) => h.trim());
  const keys = headers.map(key);
  const fileCol = findColumn(keys, FILE_KEYS);
  const sizeCol = findColumn(keys, SIZE_KEYS);
  const rowCol = findColumn(keys, ROW_KEYS);
  const colCol = findColumn(keys, COL_KEYS);
  const hcCol = findColumn(keys, HC_KEYS);
  const hasPair = rowCol >= 0 && colCol >= 0;
  if (fileCol < 0 || (sizeCol < 0 && !hasPair)) {
    throw new PixelSizeCsvError(
      `the pixel-size CSV needs a file name column and a pixel size column (like "filename,pixel size(mm)"); its header is "${headers.join(sep)}"`,
    );
  }
  const decimalComma = sep !== ',';
  const entries: PixelSizeEntry[] = [];
  const skipped: string[] = [];
  const byKey = new Map<string, PixelSizeEntry>();
  rows.slice(1).forEach((cells, k) => {
    const line = k + 2;
    const file = (cells[fileCol] ?? '').trim();
    if (file === '') {
      skipped.push(`line ${line}: no file name`);
      return;
    }
    let spacing: [number, number] | null = null;
    if (sizeCol >= 0 && (cells[sizeCol] ?? '').trim() !== '') {
      const parts = (cells[sizeCol] ?? '').trim().split(/\s*(?:\\|;|x|×|\*|\s)\s*/i).filter((p) => p !== '');
      const values = parts.map((p) => positive(p, decimalComma));
      if (values.length === 1 && values[0] !== null) spacing = [values[0], values[0]];
      else if (values.length === 2 && values[0] !== null && values[1] !== null) spacing = [values[0], values[1]];
    } else if (hasPair) {
      const r = positive(cells[rowCol], decimalComma);
      const c = positive(cells[colCol], decimalComma);
      if (r !== null && c !== null) spacing = [r, c];
    }
    if (!spacing) {
      skipped.push(`line ${line} (${file}): no positive pixel size`);
      return;
    }
    const hcText = hcCol >= 0 ? (cells[hcCol] ?? '').trim() : '';
    const referenceHc = hcText === '' ? null : positive(hcText, decimalComma);
    if (hcText !== '' && referenceHc === null) skipped.push(`line ${line} (${file}): head circumference "${hcText}" is not a positive number; pixel size kept`);
    const entry = { file, spacing, referenceHc };
    const id = pixelSizeKey(file);
    if (byKey.has(id)) {
      skipped.push(`line ${line} (${file}): a second row for the same file; the first is kept`);
      return;
    }
    byKey.set(id, entry);
    entries.push(entry);
  });
  return { entries, skipped, lookup: (name) => byKey.get(pixelSizeKey(name)) ?? null };
}
