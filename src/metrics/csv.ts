/** `metrics.csv`, the same in the app's export and `npm run segment`. */
import { type Scores } from './scores';

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

export function metricsCsv(rows: readonly MetricsRow[]): string {
  const lines = [METRICS_COLUMNS.join(',')];
  for (const r of rows) {
    lines.push(
      [r.file, r.scores.dice, r.scores.iou, r.scores.precision, r.scores.recall, r.threshold, r.model, r.backend].map(cell).join(','),
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
