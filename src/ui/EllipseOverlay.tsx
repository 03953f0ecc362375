/**
 * The ellipses of the head biometry drawn on the image: the one fitted to the prediction with its
 * two axes (OFD the major, BPD the minor), and the ground truth's dashed, in image pixels inside
 * the zoom stage so they stay on the image at every zoom. Drawn only for the segmentation and
 * threshold they were fitted at.
 */
import { type Ellipse } from '../metrics/ellipse';
import { useStudio } from './studioContext';

function Axes({ e }: { e: Ellipse }) {
  const [c, s] = [Math.cos(e.angle), Math.sin(e.angle)];
  return (
    <>
      <line x1={e.cx - e.a * c} y1={e.cy - e.a * s} x2={e.cx + e.a * c} y2={e.cy + e.a * s} data-testid="viewer.ellipse.ofd" />
      <line x1={e.cx + e.b * s} y1={e.cy - e.b * c} x2={e.cx - e.b * s} y2={e.cy + e.b * c} data-testid="viewer.ellipse.bpd" />
    </>
  );
}

const shape = (e: Ellipse) => ({ cx: e.cx, cy: e.cy, rx: e.a, ry: e.b, transform: `rotate(${(e.angle * 180) / Math.PI} ${e.cx} ${e.cy})` });

export function EllipseOverlay({ itemId, segmentation, width, height }: { itemId: string; segmentation: unknown; width: number; height: number }) {
  const fit = useStudio((s) => s.fittedEllipses);
  const threshold = useStudio((s) => s.threshold);
  const show = useStudio((s) => s.showEllipse);
  if (!show || !fit || fit.itemId !== itemId || fit.of !== segmentation || fit.threshold !== threshold || (!fit.predicted && !fit.truth)) return null;
  return (
    <svg className="layer ellipse-overlay" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true" data-testid="viewer.ellipse">
      {fit.truth && <ellipse {...shape(fit.truth)} className="ellipse-truth" vectorEffect="non-scaling-stroke" />}
      {fit.predicted && (
        <g className="ellipse-predicted" data-cx={fit.predicted.cx} data-cy={fit.predicted.cy}>
          <ellipse {...shape(fit.predicted)} vectorEffect="non-scaling-stroke" />
          <Axes e={fit.predicted} />
        </g>
      )}
    </svg>
  );
}
