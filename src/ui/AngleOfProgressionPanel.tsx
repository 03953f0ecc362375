/**
 * The angle of progression of the selected intrapartum image (a model whose settings say
 * `"measure": "angle-of-progression"`: class 1 pubic symphysis, class 2 fetal head), from the
 * model's label map and, with a label mask, from the ground truth measured the same way, with
 * their difference. Measured in the measuring worker; metrics/angleOfProgression.ts says how.
 */
import { pixelSpacingOf, selectedItem } from '../state/selectors';
import { measureService } from '../worker/client';
import { useStudio } from './studioContext';
import { useRestingRequest } from './useRestingRequest';

export function AngleOfProgressionPanel() {
  const measure = useStudio((s) => s.ready?.model.metadata.measure ?? null);
  const threshold = useStudio((s) => s.threshold);
  const item = useStudio(selectedItem);
  const measured = useStudio((s) => s.measuredAngle);
  const setMeasured = useStudio((s) => s.setMeasuredAngle);
  const showEllipse = useStudio((s) => s.showEllipse);
  const setShow = useStudio((s) => s.setShowEllipse);
  const segmentation = item?.segmentation ?? null;
  const size = item?.size ?? null;
  const truth = item?.mask?.error ? null : (item?.mask?.labels ?? null);
  const itemId = item?.id ?? null;
  const spacing = useStudio((s) => (item ? pixelSpacingOf(s, item) : null));
  const active = measure === 'angle-of-progression' && Boolean(segmentation?.classGrids);
  useRestingRequest(
    active && segmentation && size && itemId
      ? (isCurrent) =>
          void measureService()
            .angleOfProgression({ segmentation, threshold, width: size.width, height: size.height, truth, spacing })
            .then((r) => isCurrent() && setMeasured({ itemId, of: segmentation, threshold, predicted: r.predicted, truth: r.truth }))
            .catch(() => isCurrent() && setMeasured({ itemId, of: segmentation, threshold, predicted: null, truth: null }))
      : null,
    [active, segmentation, size, threshold, truth, itemId, spacing, setMeasured],
  );
  if (!active || !item) return null;
  const m = measured && measured.itemId === item.id && measured.of === segmentation && measured.threshold === threshold ? measured : null;
  const difference = m?.predicted && m.truth ? Math.abs(m.predicted.degrees - m.truth.degrees) : null;
  return (
    <section className="metrics aop" aria-label="Angle of progression" data-testid="aop">
      <p data-testid="aop.predicted" data-degrees={m?.predicted?.degrees ?? ''}>
        Angle of progression:{' '}
        <strong>{!m ? 'measuring…' : m.predicted ? `${m.predicted.degrees.toFixed(1)}°` : 'not measurable (the model finds no symphysis or no head)'}</strong>
        {m?.truth && (
          <span data-testid="aop.truth" data-degrees={m.truth.degrees}>
            {' '}
            · ground truth {m.truth.degrees.toFixed(1)}°{difference !== null && <> (difference {difference.toFixed(1)}°)</>}
          </span>
        )}
      </p>
      <p className="muted small">
        Between the pubic symphysis&apos;s long axis (principal axis of its largest region) and the line from its inferior end (the end nearer the head)
        tangent to the fetal skull (ISUOG 2018). A demonstration measurement, not a clinical one.
      </p>
      <label className="choice small">
        <input type="checkbox" checked={showEllipse} onChange={(e) => setShow(e.target.checked)} /> Draw the angle on the image
      </label>
    </section>
  );
}
