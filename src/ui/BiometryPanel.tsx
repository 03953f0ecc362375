/**
 * Ellipse biometry of the selected image, for a model whose metadata says `"measure": "ellipse"`
 * (the bundled fetal-head model): HC, BPD, OFD and area of the ellipse fitted to the thresholded
 * prediction, live with the threshold, and the same of the ground-truth mask beside it. The same
 * code as `npm run segment` (metrics/biometry.ts), on the same thresholded mask, so both give the
 * same numbers. In mm when the file gives its pixel spacing, a pixel-size CSV dropped with the
 * images does, or one is entered here; else in pixels. With a reference HC from the CSV (HC18's
 * layout), the absolute difference is shown, and "Compare all" gives its mean over every image.
 */
import { useId, useState } from 'react';
import { type Biometry, type BiometrySummary, choosePixelSize, hcDifference, meanHcDifference, type PixelSize } from '../metrics/biometry';
import { selectedItem } from '../state/selectors';
import { type ImageItem, type Studio } from '../state/types';
import { measureService } from '../worker/client';
import { useStudio } from './studioContext';
import { useRestingRequest } from './useRestingRequest';

const SOURCES: Record<PixelSize['source'], string> = { file: 'from the file', csv: 'from the CSV', entered: 'entered' };

function Row({ label, b, testId }: { label: string; b: Biometry; testId: string }) {
  const d = (v: number) => v.toFixed(b.unit === 'mm' ? 2 : 1);
  return (
    <tr data-testid={testId}>
      <th scope="row">{label}</th>
      <td data-testid={`${testId}.hc`} data-value={b.hc}>
        {d(b.hc)}
      </td>
      <td>{d(b.bpd)}</td>
      <td>{d(b.ofd)}</td>
      <td>{b.area.toFixed(b.unit === 'mm' ? 1 : 0)}</td>
    </tr>
  );
}

/** The pixel size an image is measured with: its file's, else the dropped CSV's, else the one entered. */
function pixelSizeOf(item: ImageItem, table: Studio['pixelSizes'], entered: string): PixelSize | null {
  const listed = table?.table.lookup(item.id) ?? null;
  const mm = Number(entered);
  const enteredSize: PixelSize | null = entered.trim() !== '' && Number.isFinite(mm) && mm > 0 ? { spacing: [mm, mm], source: 'entered' } : null;
  return choosePixelSize(item.scan?.pixelSpacing, listed ? { spacing: listed.spacing, source: 'csv' } : enteredSize);
}

/** Mean |HC − reference| over every segmented image with a reference HC, measured in the worker one image at a time. */
function useCompareAll(entered: string) {
  const items = useStudio((s) => s.items);
  const table = useStudio((s) => s.pixelSizes);
  const threshold = useStudio((s) => s.threshold);
  const [result, setResult] = useState<{ threshold: number; mean: number; count: number; missing: number } | 'running' | null>(null);
  const run = async () => {
    setResult('running');
    const differences: (number | null)[] = [];
    let missing = 0;
    for (const item of items) {
      const reference = table?.table.lookup(item.id)?.referenceHc ?? null;
      if (reference === null) continue;
      if (!item.segmentation || !item.size) {
        missing++;
        continue;
      }
      const summary = await measureService().biometry({ segmentation: item.segmentation, width: item.size.width, height: item.size.height, threshold, truth: null, pixelSize: pixelSizeOf(item, table, entered) });
      differences.push(summary.predicted?.unit === 'mm' ? hcDifference(summary.predicted, reference) : null);
    }
    const mean = meanHcDifference(differences);
    setResult(mean ? { threshold, mean: mean.mean, count: mean.count, missing: missing + differences.length - mean.count } : null);
  };
  return { run, result, table, threshold, references: items.filter((i) => table?.table.lookup(i.id)?.referenceHc != null).length };
}

export function BiometryPanel() {
  const measure = useStudio((s) => s.ready?.model.metadata.measure ?? null);
  const threshold = useStudio((s) => s.threshold);
  const item = useStudio(selectedItem);
  const [entered, setEntered] = useState('');
  const inputId = useId();
  const segmentation = item?.segmentation ?? null;
  const size = item?.size ?? null;
  const truth = item?.mask?.error ? null : (item?.mask?.truth ?? null);
  const fromFile = item?.scan?.pixelSpacing ?? null;
  const compare = useCompareAll(entered);
  const setFittedEllipses = useStudio((s) => s.setFittedEllipses);
  const showEllipse = useStudio((s) => s.showEllipse);
  const setShowEllipse = useStudio((s) => s.setShowEllipse);
  const listed = item ? (compare.table?.table.lookup(item.id) ?? null) : null;
  const [measured, setMeasured] = useState<{ of: unknown; summary: BiometrySummary | null } | null>(null);
  // Measured in a worker (a few hundred ms on a large image); a newer request makes older answers
  // stale, and an answer is shown only for the segmentation it was measured on.
  const summary = measured && measured.of === segmentation ? measured.summary : null;
  useRestingRequest(
    measure === 'ellipse' && segmentation && size
      ? (isCurrent) => {
          const pixelSize = item ? pixelSizeOf(item, compare.table, entered) : null;
          measureService()
            .biometry({ segmentation, width: size.width, height: size.height, threshold, truth, pixelSize })
            .then((result) => {
              if (!isCurrent()) return;
              setMeasured({ of: segmentation, summary: result });
              if (item) setFittedEllipses({ itemId: item.id, of: segmentation, threshold, predicted: result.predicted?.ellipsePx ?? null, truth: result.truth?.ellipsePx ?? null });
            })
            .catch(() => {
              if (isCurrent()) setMeasured({ of: segmentation, summary: null });
            });
        }
      : null,
    // `item` and the table matter only through the pixel size, whose inputs are listed.
    [measure, segmentation, size, threshold, truth, fromFile, entered, listed],
  );
  if (measure !== 'ellipse' || !item) return null;
  const unit = summary?.predicted?.unit ?? (summary?.pixelSize ? 'mm' : 'px');
  const pixelSize = summary?.pixelSize ?? null;
  return (
    <section className="metrics biometry" aria-label="Head biometry" data-testid="biometry">
      <table>
        <caption>
          Ellipse fitted to the largest region at threshold {threshold.toFixed(3)}, in {unit === 'mm' ? 'mm' : 'pixels (no pixel size known)'}
        </caption>
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">
              <abbr title="Head circumference: the ellipse's perimeter (Ramanujan's second approximation)">HC</abbr>
            </th>
            <th scope="col">
              <abbr title="Biparietal diameter: the minor axis">BPD</abbr>
            </th>
            <th scope="col">
              <abbr title="Occipitofrontal diameter: the major axis">OFD</abbr>
            </th>
            <th scope="col">Area{unit === 'mm' ? ' (mm²)' : ' (px²)'}</th>
          </tr>
        </thead>
        <tbody>
          {summary?.predicted && <Row label="Prediction" b={summary.predicted} testId="biometry.predicted" />}
          {summary?.truth && <Row label="Ground truth" b={summary.truth} testId="biometry.truth" />}
        </tbody>
      </table>
      {!segmentation && <p className="muted small">Waiting for the segmentation.</p>}
      {summary && !summary.predicted && (
        <p className="muted small" data-testid="biometry.none">
          No ellipse: nothing predicted above the threshold.
        </p>
      )}
      <p className="muted small" data-testid="biometry.pixel-size">
        {pixelSize
          ? `Pixel size ${pixelSize.spacing[0] === pixelSize.spacing[1] ? pixelSize.spacing[0] : pixelSize.spacing.join(' × ')} mm, ${SOURCES[pixelSize.source]}.`
          : 'No pixel size: lengths are in pixels.'}{' '}
        Direct least-squares ellipse fit (Fitzgibbon et al. 1999) to the region&apos;s boundary pixels, leaving out where it is cut by the image edge.
      </p>
      <label className="choice small">
        <input type="checkbox" checked={showEllipse} data-testid="biometry.show-ellipse" onChange={(e) => setShowEllipse(e.target.checked)} /> Draw the fitted
        ellipses on the image
      </label>
      {listed?.referenceHc != null && summary?.predicted?.unit === 'mm' && (
        <p className="small" data-testid="biometry.reference" data-difference={hcDifference(summary.predicted, listed.referenceHc) ?? ''}>
          Reference HC {listed.referenceHc} mm ({compare.table?.file.slice(compare.table.file.lastIndexOf('/') + 1)}): the prediction is off by {hcDifference(summary.predicted, listed.referenceHc)?.toFixed(2)} mm.
        </p>
      )}
      {compare.references > 0 && (
        <p className="small">
          <button type="button" data-testid="biometry.compare-all" disabled={compare.result === 'running'} onClick={() => void compare.run()}>
            Compare all with the reference HC
          </button>{' '}
          {compare.result === 'running' ? (
            'measuring…'
          ) : compare.result ? (
            <span data-testid="biometry.mean-difference" data-mean={compare.result.mean} data-count={compare.result.count}>
              mean |HC − reference| {compare.result.mean.toFixed(2)} mm over {compare.result.count} image{compare.result.count === 1 ? '' : 's'} at threshold {compare.result.threshold.toFixed(3)}
              {compare.result.missing > 0 ? ` (${compare.result.missing} with a reference not measured: not segmented yet or nothing found)` : ''}
              {compare.result.threshold !== compare.threshold ? ' — the threshold has changed since: compare again' : ''}
            </span>
          ) : null}
        </p>
      )}
      {!fromFile && !listed && (
        <p className="small">
          <label htmlFor={inputId}>Pixel size for images without one (mm) </label>
          <input id={inputId} type="number" min="0" step="any" inputMode="decimal" value={entered} onChange={(e) => setEntered(e.target.value)} data-testid="biometry.pixel-input" style={{ width: '7em' }} />
        </p>
      )}
    </section>
  );
}
