/**
 * `metrics.csv` of a multi-class model: one row per scored image and foreground class, then the
 * mean rows. Columns: image, class, dice, iou, precision, recall, hd95_px, assd_px, hd95_mm,
 * assd_mm, model, backend.
 *
 * Cells follow metrics/multiClass.ts's conventions: a class in neither the truth nor the
 * prediction has every score cell empty (undefined, not 1); a boundary distance of a class on one
 * side only is `inf` (MONAI's inf; pandas and numpy read it as infinity); boundary cells are empty
 * where undefined or, for mm, without a pixel spacing.
 *
 * Mean rows, as nnU-Net's summary (`mean` per class, then `foreground_mean`): per class, the mean
 * over the images where that class is scored, labelled `(mean of N pairs)` with N those images;
 * then `(mean of N pairs)` / `(mean of foreground classes)`, the mean of the class means. A
 * boundary mean is over the rows where it is defined; one `inf` makes it `inf`, as in MONAI.
 *
 * A model with one class writes the binary layout of metrics/csv.ts unchanged (the class's scores
 * with scores.ts's empty-mask convention, boundary distances of an empty side left empty).
 */
import { metricsCsv, meanRowLabel } from './csv';
import { type ClassScores, type ClassSurface } from './multiClass';
import { type Scores } from './scores';
import { type SurfaceDistances } from './surfaceDistance';
import { type ClassInfo } from '../model/classes';

export const CLASS_METRICS_COLUMNS = ['image', 'class', 'dice', 'iou', 'precision', 'recall', 'hd95_px', 'assd_px', 'hd95_mm', 'assd_mm', 'model', 'backend'] as const;

/** The `class` cell of the last row, the mean over the foreground classes. */
export const CLASS_MEAN_LABEL = '(mean of foreground classes)';

export interface ClassMetricsRow {
  readonly image: string;
  /** multiClass.ts's classScores: entry k − 1 is class k. */
  readonly scores: readonly ClassScores[];
  /** multiClass.ts's classSurfaceDistances; absent: the boundary cells are empty. */
  readonly surface?: readonly ClassSurface[];
}

export interface ClassMetricsContext {
  readonly model: string;
  readonly backend: string;
  /** Written only in the one-class (binary) layout, which has a threshold column. */
  readonly threshold: number;
}

type Cell = string | number | null;

function cell(value: Cell): string {
  if (value === null) return '';
  if (value === Infinity) return 'inf';
  const text = typeof value === 'number' ? String(Number(value.toFixed(6))) : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const SCORE_KEYS = ['dice', 'iou', 'precision', 'recall'] as const;
const BOUNDARY: readonly [unit: 'px' | 'mm', key: keyof SurfaceDistances][] = [
  ['px', 'hd95'],
  ['px', 'assd'],
  ['mm', 'hd95'],
  ['mm', 'assd'],
];

/** Mean of the defined values; null when none is. */
function mean(values: readonly (number | null | undefined)[]): number | null {
  const defined = values.filter((v): v is number => v !== null && v !== undefined);
  return defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
}

/**
 * The CSV text (see the module comment), rows in the order given (the caller sorts).
 * @throws Error when a row's class count differs from the table's.
 */
export function classMetricsCsv(rows: readonly ClassMetricsRow[], classes: readonly ClassInfo[], context: ClassMetricsContext): string {
  for (const r of rows) {
    if (r.scores.length !== classes.length || (r.surface && r.surface.length !== classes.length)) {
      throw new Error(`${r.image} is scored on ${r.scores.length} classes, the model has ${classes.length}`);
    }
  }
  if (classes.length === 1) return binaryLayout(rows, context);
  const lines = [CLASS_METRICS_COLUMNS.join(',')];
  const line = (image: string, name: string, scores: readonly Cell[], boundary: readonly Cell[]) =>
    lines.push([image, name, ...scores, ...boundary, context.model, context.backend].map(cell).join(','));
  const boundaryOf = (r: ClassMetricsRow, k: number) => BOUNDARY.map(([unit, key]) => r.surface?.[k][unit]?.[key] ?? null);
  for (const r of rows) {
    classes.forEach((c, k) => line(r.image, c.name, SCORE_KEYS.map((key) => r.scores[k].scores?.[key] ?? null), boundaryOf(r, k)));
  }
  if (rows.length === 0) return `${lines.join('\n')}\n`;
  const classMeans = classes.map((c, k) => {
    const scored = rows.filter((r) => r.scores[k].scores !== null);
    const scores = SCORE_KEYS.map((key) => mean(scored.map((r) => r.scores[k].scores?.[key])));
    const boundary = BOUNDARY.map((_, b) => mean(rows.map((r) => boundaryOf(r, k)[b])));
    line(meanRowLabel(scored.length), c.name, scores, boundary);
    return [...scores, ...boundary];
  });
  const overall = classMeans[0].map((_, j) => mean(classMeans.map((m) => m[j])));
  line(meanRowLabel(rows.length), CLASS_MEAN_LABEL, overall.slice(0, 4), overall.slice(4));
  return `${lines.join('\n')}\n`;
}

const PERFECT: Scores = { dice: 1, iou: 1, precision: 1, recall: 1 };
const finite = (d: SurfaceDistances | null) => (d && Number.isFinite(d.hd95) ? d : null);

/** One class: metrics/csv.ts's layout, with its conventions (two empty masks score 1; an empty side has no boundary distance). */
function binaryLayout(rows: readonly ClassMetricsRow[], context: ClassMetricsContext): string {
  return metricsCsv(
    rows.map((r) => ({
      file: r.image,
      scores: r.scores[0].scores ?? PERFECT,
      threshold: context.threshold,
      model: context.model,
      backend: context.backend,
      ...(r.surface ? { surface: { px: finite(r.surface[0].px), mm: finite(r.surface[0].mm) } } : {}),
    })),
  );
}
