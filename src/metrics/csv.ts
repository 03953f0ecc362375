/** `metrics.csv`, the same in the app's export and `npm run segment`. */
import { type Scores } from './scores';
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

export function metricsCsv(rows: readonly MetricsRow[]): string {
  const surface = rows.some((r) => r.surface);
  const lines = [[...METRICS_COLUMNS, ...(surface ? SURFACE_COLUMNS : [])].join(',')];
  for (const r of rows) {
    const s = r.surface;
    const boundary = surface ? [s?.px?.hd95 ?? '', s?.px?.assd ?? '', s?.mm?.hd95 ?? '', s?.mm?.assd ?? ''] : [];
    lines.push(
      [r.file, r.scores.dice, r.scores.iou, r.scores.precision, r.scores.recall, r.threshold, r.model, r.backend, ...boundary].map(cell).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The exported file name for an image: its name with `extension` (frames keep their `#n`: scan.dcm#2 → scan#2.png). */
export function maskFileName(imageName: string, extension = '.png'): string {
  const frame = /#\d+$/.exec(imageName)?.[0] ?? '';
  const name = imageName.slice(0, imageName.length - frame.length);
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}${frame}${extension}`;
}
