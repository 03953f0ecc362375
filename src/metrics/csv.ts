/** `metrics.csv`, the same in the app's export and `npm run segment`. */
import { meanScores, type Scores } from './scores';

export const METRICS_COLUMNS = ['file', 'dice', 'iou', 'precision', 'recall', 'threshold', 'model', 'backend'] as const;

export interface MetricsRow {
  readonly file: string;
  readonly scores: Scores;
  readonly threshold: number;
  readonly model: string;
  readonly backend: string;
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
  const lines = [METRICS_COLUMNS.join(',')];
  const line = (file: string, s: Scores, r: MetricsRow) => [file, s.dice, s.iou, s.precision, s.recall, r.threshold, r.model, r.backend].map(cell).join(',');
  for (const r of rows) lines.push(line(r.file, r.scores, r));
  const mean = meanScores(rows.map((r) => r.scores));
  if (mean && rows.length > 0) lines.push(line(meanRowLabel(rows.length), mean, rows[0]));
  return `${lines.join('\n')}\n`;
}

/** The exported file name for an image: its name with `extension` (frames keep their `#n`: scan.dcm#2 → scan#2.png). */
export function maskFileName(imageName: string, extension = '.png'): string {
  const frame = /#\d+$/.exec(imageName)?.[0] ?? '';
  const name = imageName.slice(0, imageName.length - frame.length);
  const dot = name.lastIndexOf('.');
  return `${dot > 0 ? name.slice(0, dot) : name}${frame}${extension}`;
}
