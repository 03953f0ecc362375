/**
 * Measuring tools on any image: the ruler's switch and its length, and the area of the model's mask
 * and of the ground truth, in mm² when the pixel size is known (the file's spacing, else the
 * dropped pixel-size CSV's), else in px.
 */
import { useMemo } from 'react';
import { labelsOnImage } from '../image/segmentation';
import { areaMm2, countSet, rulerLength } from '../metrics/ruler';
import { pixelSpacingOf, selectedItem } from '../state/selectors';
import { predictedArea } from '../state/studyTable';
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
    // From the pair's histograms: a pass over a 12000×12000 image's pixels at every threshold step froze the page.
    return item ? predictedArea(item, threshold) : null;
  }, [item, segmentation, size, threshold, several]);
  const truth = item?.mask?.error ? null : (item?.mask?.truth ?? null);
  // The truth's area from the histogram when its box is the whole image (a pass over 144 million pixels otherwise).
  const histogram = item?.mask?.histogram ?? null;
  const box = item?.segmentation?.box;
  const whole = Boolean(box && size && box.x0 === 0 && box.y0 === 0 && box.x1 === size.width && box.y1 === size.height);
  // Counted directly only once the pair is done and its histogram cannot give it (a crop that leaves part of the image out).
  const done = item?.status === 'done';
  const truthPx = useMemo(() => (histogram && whole ? histogram.foreground.reduce((a, b) => a + b, 0) : truth && done ? countSet(truth.data) : null), [histogram, whole, truth, done]);
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
