/**
 * A printable summary of a study as one self-contained HTML file (inline CSS, nothing fetched, no
 * script): the model and its card line, the backend, the threshold, mean ± SD of Dice, IoU,
 * precision and recall over the pairs with ground truth, and the per-image table with a thumbnail
 * of each image (PNG data: URLs, the only images allowed in). Every text from
 * the user's files or the model's metadata is HTML-escaped.
 */
import { type Scores } from '../metrics/scores';

export interface StudySummaryRow {
  readonly name: string;
  /** At the threshold, against the ground truth; null without one. */
  readonly scores: Scores | null;
  /** Predicted foreground in pixels; null before the model ran. */
  readonly areaPx: number | null;
  /** The image with the mask tinted, as a `data:image/png;base64,` URL (export/thumbnail.ts); others are left out. */
  readonly thumbnail?: string | null;
}

export interface StudySummary {
  readonly model: string;
  /** The model's provenance line (what it was trained on), or null. */
  readonly card: string | null;
  readonly backend: string;
  readonly threshold: number;
  /** When the summary was made, as shown (e.g. an ISO date). */
  readonly created: string;
  readonly rows: readonly StudySummaryRow[];
}

const METRICS = ['dice', 'iou', 'precision', 'recall'] as const;
const METRIC_LABELS: Record<(typeof METRICS)[number], string> = { dice: 'Dice', iou: 'IoU', precision: 'Precision', recall: 'Recall' };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Mean and sample standard deviation (n − 1; 0 for one value); null for no values. */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd };
}

const STYLE = `body{font:14px system-ui,sans-serif;color:#1b1f24;margin:2rem;max-width:60rem}
h1{font-size:1.3rem}table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:0.5rem 0 1rem}
th,td{border-bottom:1px solid #ccc;padding:0.2rem 0.5rem;text-align:right}th:first-child,td:first-child,.name{text-align:left}
td img{display:block;max-width:96px;max-height:96px}
.muted{color:#5b6470}@media print{body{margin:0}}`;

const fixed = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(4));
const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;
const picture = (url: string | null | undefined) => (url && PNG_DATA_URL.test(url) ? `<img src="${url}" alt="">` : '');

/** The whole HTML document, as a string to save as a .html file. */
export function studySummaryHtml(summary: StudySummary): string {
  const scored = summary.rows.flatMap((r) => (r.scores ? [r.scores] : []));
  const means = METRICS.map((m) => {
    const s = meanAndSd(scored.map((x) => x[m]));
    return `<tr><th scope="row">${METRIC_LABELS[m]}</th><td>${s ? `${s.mean.toFixed(4)} ± ${s.sd.toFixed(4)}` : '–'}</td></tr>`;
  }).join('');
  const anyPicture = summary.rows.some((r) => picture(r.thumbnail) !== '');
  const rows = summary.rows
    .map((r) => `<tr>${anyPicture ? `<td>${picture(r.thumbnail)}</td>` : ''}<td class="name">${escapeHtml(r.name)}</td>${METRICS.map((m) => `<td>${fixed(r.scores?.[m])}</td>`).join('')}<td>${r.areaPx ?? '–'}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>U-Net Studio summary: ${escapeHtml(summary.model)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>${STYLE}</style></head><body>
<h1>Segmentation summary</h1>
<p>Model <strong>${escapeHtml(summary.model)}</strong>${summary.card ? `<br><span class="muted">${escapeHtml(summary.card)}</span>` : ''}</p>
<p>Backend ${escapeHtml(summary.backend)} · threshold ${summary.threshold.toFixed(3)} · ${summary.rows.length} image${summary.rows.length === 1 ? '' : 's'}, ${scored.length} with ground truth · made ${escapeHtml(summary.created)} with U-Net Studio, in the browser; no image left the computer.</p>
<h2>Mean ± SD over ${scored.length} pair${scored.length === 1 ? '' : 's'}</h2>
<table><tbody>${means}</tbody></table>
<h2>Per image</h2>
<table><thead><tr>${anyPicture ? '<th scope="col"><span hidden>Picture</span></th>' : ''}<th scope="col" class="name">Image</th>${METRICS.map((m) => `<th scope="col">${METRIC_LABELS[m]}</th>`).join('')}<th scope="col">Area (px)</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
