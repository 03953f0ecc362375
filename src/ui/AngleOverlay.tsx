/**
 * The angle of progression drawn on the image: the symphysis's long axis from its superior end
 * through the inferior end (extended), and the tangent from the inferior end to the skull; the
 * ground truth's dashed. In image pixels inside the zoom stage, only for the segmentation and
 * threshold it was measured at.
 */
import { type AngleOfProgression } from '../metrics/angleOfProgression';
import { useStudio } from './studioContext';

function Angle({ a, className, testId }: { a: AngleOfProgression; className: string; testId?: string }) {
  const { superior: s, inferior: i, tangent: t } = a;
  // The axis drawn on past the inferior end by half its length, as sonographers draw it.
  const ex = i.x + (i.x - s.x) * 0.5;
  const ey = i.y + (i.y - s.y) * 0.5;
  return (
    <g className={className} data-testid={testId}>
      <line x1={s.x} y1={s.y} x2={ex} y2={ey} vectorEffect="non-scaling-stroke" />
      <line x1={i.x} y1={i.y} x2={i.x + (t.x - i.x) * 1.3} y2={i.y + (t.y - i.y) * 1.3} vectorEffect="non-scaling-stroke" />
    </g>
  );
}

export function AngleOverlay({ itemId, segmentation, width, height }: { itemId: string; segmentation: unknown; width: number; height: number }) {
  const m = useStudio((s) => s.measuredAngle);
  const threshold = useStudio((s) => s.threshold);
  const show = useStudio((s) => s.showEllipse);
  if (!show || !m || m.itemId !== itemId || m.of !== segmentation || m.threshold !== threshold || (!m.predicted && !m.truth)) return null;
  return (
    <svg className="layer ellipse-overlay" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true" data-testid="viewer.angle">
      {m.truth && <Angle a={m.truth} className="ellipse-truth" />}
      {m.predicted && <Angle a={m.predicted} className="ellipse-predicted" testId="viewer.angle.predicted" />}
    </svg>
  );
}
