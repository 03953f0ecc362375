/** Downloads: the selected mask (and its DICOM SEG), all masks with metrics.csv as one ZIP, metrics.csv alone, or a printable summary; built by export/ from state/exportItems.ts. */
import { dicomSegs, exportZip, maskPng, metricsCsvOf } from '../export/exportResults';
import { maskFileName } from '../metrics/csv';
import { download } from './download';
import { useStudio } from './studioContext';

export function ExportPanel() {
  // Subscribed so the panel follows the list; the set itself is built by the store's action.
  useStudio((s) => s.items);
  useStudio((s) => s.selectedId);
  const threshold = useStudio((s) => s.threshold);
  useStudio((s) => s.ready);
  const set = useStudio((s) => s.exportSet)();
  const studySummary = useStudio((s) => s.studySummary);
  if (!set || set.images.length === 0) return null;
  const { images: all, selected: current, context, scored } = set;
  const classes = context.classes && context.classes.length > 1 ? context.classes : null;
  const dicoms = all.filter((i) => i.scan?.dicom);
  const currentIsDicom = Boolean(current?.scan?.dicom);
  return (
    <section className="export" aria-label="Export">
      <h2>Export</h2>
      <p className="muted small">
        {classes
          ? `Masks are 8-bit PNGs of class indices (0 = background, ${classes.map((c, k) => `${k + 1} = ${c.name}`).join(', ')}) at each image's original size, each with a colour preview; metrics.csv has a row per image and class`
          : `Masks are 0/255 PNGs at each image's original size, thresholded at ${threshold.toFixed(3)}`}
        ; the ZIP adds images.csv (areas, in mm² where the file gives its pixel spacing, and each image's input mapping, and whether its ground truth came from a file or was corrected
        here, with the corrected masks){dicoms.length > 0 ? ` and a DICOM SEG per DICOM image${classes ? ' with a segment per class' : ''}` : ''}.
      </p>
      <div className="row">
        <button type="button" disabled={!current} data-testid="export.mask" onClick={() => current && download(maskPng(current, context), maskFileName(current.name), 'image/png')}>
          Mask (PNG)
        </button>
        {currentIsDicom && current && (
          <button
            type="button"
            data-testid="export.seg"
            onClick={() => void dicomSegs([current], context).then((files) => Object.values(files).forEach((bytes) => download(bytes, maskFileName(current.name, '.seg.dcm'), 'application/dicom')))}
          >
            DICOM SEG
          </button>
        )}
        <button
          type="button"
          data-testid="export.zip"
          onClick={() => void dicomSegs(all, context).then(async (extra) => download(await exportZip(all, context, extra), 'unet-studio-masks.zip', 'application/zip'))}
        >
          All {all.length} masks (ZIP)
        </button>
        <button
          type="button"
          disabled={scored === 0}
          data-testid="export.csv"
          onClick={() => void metricsCsvOf(all, context).then((csv) => csv !== null && download(csv, 'metrics.csv', 'text/csv'))}
        >
          metrics.csv
        </button>
        {!classes && (
          <button
            type="button"
            data-testid="export.summary"
            title="A printable HTML page: the model, backend, threshold, mean ± SD and the per-image table"
            onClick={() => void studySummary().then((html) => html && download(html, 'unet-studio-summary.html', 'text/html'))}
          >
            Summary (HTML)
          </button>
        )}
      </div>
    </section>
  );
}
