/**
 * Measuring tools on any image: the ruler's switch and its length, and the area of the model's mask
 * and of the ground truth, in mm² when the pixel size is known (the file's spacing, else the
 * dropped pixel-size CSV's), else in px.
 */
import { useMemo } from 'react';
import { labelsOnImage, probabilitiesOnImage } from '../image/segmentation';
import { areaMm2, countSet, rulerLength } from '../metrics/ruler';
import { isForeground } from '../image/mask';
import { pixelSpacingOf, selectedItem } from '../state/selectors';
import { describeLength } from './Ruler';
import { useStudio } from './studioContext';

function area(px: number, spacing: readonly [number, number] | null): string {
  const mm2 = areaMm2(px, spacing);
  return mm2 !== null ? `${mm2.toFixed(1)} mm² (${px} px)` : `${px} px`;
}

export function MeasurePanel() {
  const item = useStudio(selectedItem);
  const threshold = useStudio((s) => s.threshold);
  const rulerOn = useStudio((s) => s.rulerOn);
  const setRulerOn = useStudio((s) => s.setRulerOn);
  const line = useStudio((s) => (item && s.rulerLine?.itemId === item.id ? s.rulerLine : null));
  const spacing = useStudio((s) => (item ? pixelSpacingOf(s, item) : null));
  const several = useStudio((s) => (s.ready?.model.classes.length ?? 1) > 1);
  const segmentation = item?.segmentation ?? null;
  const size = item?.size ?? null;
  const predictedPx = useMemo(() => {
    if (!segmentation || !size) return null;
    if (several && segmentation.classGrids) return countSet(labelsOnImage(segmentation, threshold, size.width, size.height).data);
    let n = 0;
    for (const p of probabilitiesOnImage(segmentation)) if (isForeground(p, threshold)) n++;
    return n;
  }, [segmentation, size, threshold, several]);
  const truth = item?.mask?.error ? null : (item?.mask?.truth ?? null);
  const truthPx = useMemo(() => (truth ? countSet(truth.data) : null), [truth]);
  if (!item) return null;
  const length = line ? rulerLength(line.a, line.b, spacing) : null;
  return (
    <section className="metrics measure" aria-label="Measure" data-testid="measure">
      <p className="small">
        <button type="button" aria-pressed={rulerOn} onClick={() => setRulerOn(!rulerOn)} data-testid="measure.ruler">
          Ruler
        </button>{' '}
        {rulerOn ? (
          <span data-testid="measure.length">{length ? describeLength(length) : 'drag on the image to measure'}</span>
        ) : (
          <span className="muted">measure a distance on the image</span>
        )}
      </p>
      <p className="small" data-testid="measure.area" data-predicted-px={predictedPx ?? ''} data-truth-px={truthPx ?? ''}>
        Area of the model&apos;s mask{several ? ' (all classes)' : ''}: {predictedPx === null ? '–' : area(predictedPx, spacing)}
        {truthPx !== null && <> · ground truth: {area(truthPx, spacing)}</>}
        {!spacing && <span className="muted"> · no pixel size for this image</span>}
      </p>
    </section>
  );
}
