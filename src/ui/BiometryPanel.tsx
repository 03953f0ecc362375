/**
 * Ellipse biometry of the selected image, for a model whose metadata says `"measure": "ellipse"`
 * (the bundled fetal-head model): HC, BPD, OFD and area of the ellipse fitted to the thresholded
 * prediction, live with the threshold, and the same of the ground-truth mask beside it. The same
 * code as `npm run segment` (metrics/biometry.ts), on the same thresholded mask, so both give the
 * same numbers. In mm when the file gives its pixel spacing or one is entered here, else in pixels.
 */
import { useEffect, useId, useState } from 'react';
import { type Biometry, type BiometrySummary, choosePixelSize, type PixelSize } from '../metrics/biometry';
import { selectedItem } from '../state/selectors';
import { measureService } from '../worker/client';
import { useStudio } from './studioContext';

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
  const [measured, setMeasured] = useState<{ of: unknown; summary: BiometrySummary | null } | null>(null);
  // Measured in a worker (a few hundred ms on a large image); a newer request makes older answers
  // stale, and an answer is shown only for the segmentation it was measured on.
  const summary = measured && measured.of === segmentation ? measured.summary : null;
  useEffect(() => {
    if (measure !== 'ellipse' || !segmentation || !size) return undefined;
    let current = true;
    const mm = Number(entered);
    const enteredSize: PixelSize | null = entered.trim() !== '' && Number.isFinite(mm) && mm > 0 ? { spacing: [mm, mm], source: 'entered' } : null;
    const pixelSize = choosePixelSize(fromFile, enteredSize);
    measureService()
      .biometry({ segmentation, width: size.width, height: size.height, threshold, truth, pixelSize })
      .then((result) => {
        if (current) setMeasured({ of: segmentation, summary: result });
      })
      .catch(() => {
        if (current) setMeasured({ of: segmentation, summary: null });
      });
    return () => {
      current = false;
    };
  }, [measure, segmentation, size, threshold, truth, fromFile, entered]);
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
      {!fromFile && (
        <p className="small">
          <label htmlFor={inputId}>Pixel size for images without one (mm) </label>
          <input id={inputId} type="number" min="0" step="any" inputMode="decimal" value={entered} onChange={(e) => setEntered(e.target.value)} data-testid="biometry.pixel-input" style={{ width: '7em' }} />
        </p>
      )}
    </section>
  );
}
