/** `metrics.csv`, the same in the app's export and `npm run segment`. */
import { meanScores, type Scores } from './scores';
import { type SurfaceDistances } from './surfaceDistance';

export const METRICS_COLUMNS = ['file', 'dice', 'iou', 'precision', 'recall', 'threshold', 'model', 'backend'] as const;
/** Boundary columns, written when the rows carry them (metrics/surfaceDistance.ts); empty where undefined (an empty mask) or no pixel spacing is known (mm). */
export const SURFACE_COLUMNS = ['hd95_px', 'assd_px', 'hd95_mm', 'assd_mm'] as const;

export interface MetricsRow {
  readonly file: string;
  readonly scores: Scores;
  readonly threshold: number;
  readonly model: string;
  readonly backend: string;
  /** HD95 and ASSD in pixels and, with a known pixel spacing, in mm; null where undefined. */
  readonly surface?: { readonly px: SurfaceDistances | null; readonly mm: SurfaceDistances | null };
}

function cell(value: string | number): string {
  const text = typeof value === 'number' ? String(Number(value.toFixed(6))) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The `file` cell of the last row, which holds the mean over the rows above it. */
export const meanRowLabel = (count: number) => `(mean of ${count} pair${count === 1 ? '' : 's'})`;

/**
 * One row per scored pair in the order given (the caller sorts: the app by name, as its list),
 * then a mean row labelled `(mean of N pairs)` in the `file` column — parenthesised so it cannot
 * be taken for an image — with the same threshold, model and backend.
 */
export function metricsCsv(rows: readonly MetricsRow[]): string {
  const surface = rows.some((r) => r.surface);
  const lines = [[...METRICS_COLUMNS, ...(surface ? SURFACE_COLUMNS : [])].join(',')];
  const line = (file: string, s: Scores, r: MetricsRow, boundary: readonly (number | string)[]) =>
    [file, s.dice, s.iou, s.precision, s.recall, r.threshold, r.model, r.backend, ...(surface ? boundary : [])].map(cell).join(',');
  for (const r of rows) {
    const d = r.surface;
    lines.push(line(r.file, r.scores, r, [d?.px?.hd95 ?? '', d?.px?.assd ?? '', d?.mm?.hd95 ?? '', d?.mm?.assd ?? '']));
  }
  const mean = meanScores(rows.map((r) => r.scores));
  // The mean row's boundary cells: the mean over the rows where each is defined.
  const avg = (pick: (r: MetricsRow) => number | undefined) => {
    const v = rows.map(pick).filter((x): x is number => x !== undefined);
    return v.length > 0 ? v.reduce((a, b) => a + b, 0) / v.length : '';
  };
  if (mean && rows.length > 0) {
    lines.push(line(meanRowLabel(rows.length), mean, rows[0], [avg((r) => r.surface?.px?.hd95), avg((r) => r.surface?.px?.assd), avg((r) => r.surface?.mm?.hd95), avg((r) => r.surface?.mm?.assd)]));
  }
  return `${lines.join('\n')}\n`;
}

/** Extensions of files the app reads as images; only these are replaced in an exported name. */
const IMAGE_EXTENSION = /\.(png|jpe?g|tiff?|bmp|gif|webp|dcm|dicom|ima)$/i;

/**
 * The exported file name for an image: its name with its image extension replaced by `extension`
 * (frames keep their `#n`: scan.dcm#2 → scan#2.png). Only a real image extension of the last path
 * part is replaced: DICOM files named by UID (1.2.840.….5, no extension) and folders with dots
 * keep their whole name, so two of them never share an exported name.
 */
export function maskFileName(imageName: string, extension = '.png'): string {
  const frame = /#\d+$/.exec(imageName)?.[0] ?? '';
  const name = imageName.slice(0, imageName.length - frame.length);
  const slash = name.lastIndexOf('/');
  const base = name.slice(slash + 1);
  const stem = IMAGE_EXTENSION.test(base) && base.lastIndexOf('.') > 0 ? base.slice(0, base.lastIndexOf('.')) : base;
  return `${name.slice(0, slash + 1)}${stem}${frame}${extension}`;
}

/**
 * File stems for exporting several images at once: `maskFileName`'s stem, except where two images
 * share it (scan.png and scan.jpg in one folder), where each keeps its whole name (scan.jpg.png),
 * so no export overwrites another. Image names are unique in a list, so whole names are too.
 * Names of frames are resolved the same way (cine#2).
 */
export function exportStems(imageNames: readonly string[]): Map<string, string> {
  const stem = (n: string) => maskFileName(n, '');
  const count = new Map<string, number>();
  for (const n of imageNames) count.set(stem(n), (count.get(stem(n)) ?? 0) + 1);
  return new Map(imageNames.map((n) => [n, (count.get(stem(n)) ?? 0) > 1 ? n : stem(n)]));
}
