/** Downloads: the selected mask, all masks with metrics.csv as one ZIP, or metrics.csv alone. */
import { type ExportableImage, exportZip, maskPng, metricsRows, predictedMask } from '../export/exportResults';
import { exportStems, maskFileName, metricsCsv } from '../metrics/csv';
import { orderedItems } from '../state/reviewQueue';
import { itemScores, selectedItem } from '../state/selectors';
import { type ImageItem } from '../state/types';
import { download } from './download';
import { useStudio } from './studioContext';

function exportable(item: ImageItem, threshold: number): ExportableImage | null {
  if (!item.size || !item.segmentation) return null;
  const mask = item.mask && !item.mask.error ? item.mask : null;
  const corrected = mask?.origin === 'corrected';
  return {
    name: item.name,
    width: item.size.width,
    height: item.size.height,
    segmentation: item.segmentation,
    scores: itemScores(item, threshold),
    scan: item.scan,
    groundTruth: {
      source: mask ? mask.origin : 'model',
      modelDice: mask?.correction?.modelDice ?? null,
      corrected: corrected ? (mask.truth ?? null) : null,
    },
  };
}

export function ExportPanel() {
  const items = useStudio((s) => s.items);
  const threshold = useStudio((s) => s.threshold);
  const ready = useStudio((s) => s.ready);
  const item = useStudio(selectedItem);
  // Exported in the list's default order (by name, numbers by value), whatever order they were dropped in.
  const all = orderedItems(items, 'name', 'all', threshold)
    .map((i) => exportable(i, threshold))
    .filter((e): e is ExportableImage => e !== null);
  const current = item ? exportable(item, threshold) : null;
  if (!ready || all.length === 0) return null;
  const context = { threshold, model: ready.model.metadata.name, backend: ready.backend.name, intensity: ready.model.metadata.intensity };
  const rows = metricsRows(all, context);
  const dicoms = all.filter((i) => i.scan?.dicom);
  const currentIsDicom = Boolean(current?.scan?.dicom);
  /** DICOM SEGs for `images`, with dcmjs loaded only now. */
  const segs = async (images: readonly ExportableImage[]): Promise<Record<string, Uint8Array>> => {
    const { dicomSeg } = await import('../export/dicomSeg');
    const now = new Date();
    const out: Record<string, Uint8Array> = {};
    // The same names as the masks in the ZIP (exportStems over the same images).
    const stems = exportStems(images.map((i) => i.name));
    for (const image of images) {
      const scan = image.scan;
      if (!scan?.dicom) continue;
      out[`seg/${stems.get(image.name) ?? maskFileName(image.name, '')}.seg.dcm`] = dicomSeg({ scan: { ...scan, dicom: scan.dicom }, mask: predictedMask(image, threshold), modelName: context.model, threshold, now });
    }
    return out;
  };
  return (
    <section className="export" aria-label="Export">
      <h2>Export</h2>
      <p className="muted small">
        Masks are 0/255 PNGs at each image's original size, thresholded at {threshold.toFixed(3)}; the ZIP adds images.csv (areas, in mm² where the
        file gives its pixel spacing, and each image's input mapping, and whether its ground truth came from a file or was corrected here, with the corrected masks){dicoms.length > 0 ? ' and a DICOM SEG per DICOM image' : ''}.
      </p>
      <div className="row">
        <button type="button" disabled={!current} data-testid="export.mask" onClick={() => current && download(maskPng(current, threshold), maskFileName(current.name), 'image/png')}>
          Mask (PNG)
        </button>
        {currentIsDicom && current && (
          <button
            type="button"
            data-testid="export.seg"
            onClick={() => void segs([current]).then((files) => Object.values(files).forEach((bytes) => download(bytes, maskFileName(current.name, '.seg.dcm'), 'application/dicom')))}
          >
            DICOM SEG
          </button>
        )}
        <button
          type="button"
          data-testid="export.zip"
          onClick={() => void segs(dicoms).then((extra) => download(exportZip(all, context, extra), 'unet-studio-masks.zip', 'application/zip'))}
        >
          All {all.length} masks (ZIP)
        </button>
        <button type="button" disabled={rows.length === 0} data-testid="export.csv" onClick={() => download(metricsCsv(rows), 'metrics.csv', 'text/csv')}>
          metrics.csv
        </button>
      </div>
    </section>
  );
}
