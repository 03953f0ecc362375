/** Downloads: the selected mask, all masks with metrics.csv as one ZIP, or metrics.csv alone. */
import { type ExportableImage, exportZip, maskPng, metricsRows } from '../export/exportResults';
import { maskFileName, metricsCsv } from '../metrics/csv';
import { itemScores, selectedItem } from '../state/selectors';
import { type ImageItem } from '../state/types';
import { download } from './download';
import { useStudio } from './studioContext';

function exportable(item: ImageItem, threshold: number): ExportableImage | null {
  if (!item.size || !item.segmentation) return null;
  return { name: item.name, width: item.size.width, height: item.size.height, segmentation: item.segmentation, scores: itemScores(item, threshold) };
}

export function ExportPanel() {
  const items = useStudio((s) => s.items);
  const threshold = useStudio((s) => s.threshold);
  const ready = useStudio((s) => s.ready);
  const item = useStudio(selectedItem);
  const all = items.map((i) => exportable(i, threshold)).filter((e): e is ExportableImage => e !== null);
  const current = item ? exportable(item, threshold) : null;
  if (!ready || all.length === 0) return null;
  const context = { threshold, model: ready.model.metadata.name, backend: ready.backend.name };
  const rows = metricsRows(all, context);
  return (
    <section className="export" aria-label="Export">
      <h2>Export</h2>
      <p className="muted small">Masks are 0/255 PNGs at each image's original size, thresholded at {threshold.toFixed(3)}.</p>
      <div className="row">
        <button type="button" disabled={!current} data-testid="export.mask" onClick={() => current && download(maskPng(current, threshold), maskFileName(current.name), 'image/png')}>
          Mask (PNG)
        </button>
        <button type="button" data-testid="export.zip" onClick={() => download(exportZip(all, context), 'unet-studio-masks.zip', 'application/zip')}>
          All {all.length} masks (ZIP)
        </button>
        <button type="button" disabled={rows.length === 0} data-testid="export.csv" onClick={() => download(metricsCsv(rows), 'metrics.csv', 'text/csv')}>
          metrics.csv
        </button>
      </div>
    </section>
  );
}
