/**
 * The distance ruler on the image: with the ruler on, a left drag draws a line in image pixels
 * (inside the zoom stage, so it stays on the image at every zoom) labelled with its length in mm
 * (from the image's pixel spacing) and px. Space/Alt/middle drags still pan (ZoomStage takes them).
 */
import { type PointerEvent, useRef } from 'react';
import { rulerLength } from '../metrics/ruler';
import { pixelSpacingOf, selectedItem } from '../state/selectors';
import { useStudio } from './studioContext';
import { useStageView } from './ZoomStage';

/** "12.34 mm (56.7 px)", or px only without a spacing. */
export function describeLength(length: { px: number; mm: number | null }): string {
  return length.mm !== null ? `${length.mm.toFixed(2)} mm (${length.px.toFixed(1)} px)` : `${length.px.toFixed(1)} px (no pixel size)`;
}

export function Ruler({ itemId, width, height }: { itemId: string; width: number; height: number }) {
  const view = useStageView();
  const line = useStudio((s) => (s.rulerLine?.itemId === itemId ? s.rulerLine : null));
  const setLine = useStudio((s) => s.setRulerLine);
  const item = useStudio(selectedItem);
  const spacing = useStudio((s) => (item ? pixelSpacingOf(s, item) : null));
  const dragging = useRef<number | null>(null);
  const at = (e: PointerEvent<HTMLElement>) => {
    const p = view.toImage(e.clientX, e.clientY);
    return { x: Math.min(width, Math.max(0, p.x)), y: Math.min(height, Math.max(0, p.y)) };
  };
  const length = line ? rulerLength(line.a, line.b, spacing) : null;
  return (
    <div
      className="layer ruler-layer"
      data-testid="viewer.ruler-layer"
      onPointerDown={(e) => {
        if (e.button !== 0 || e.altKey) return;
        e.preventDefault();
        e.currentTarget.setPointerCapture(e.pointerId);
        dragging.current = e.pointerId;
        const p = at(e);
        setLine({ itemId, a: p, b: p });
      }}
      onPointerMove={(e) => {
        if (dragging.current !== e.pointerId || !line) return;
        setLine({ itemId, a: line.a, b: at(e) });
      }}
      onPointerUp={(e) => {
        if (dragging.current === e.pointerId) dragging.current = null;
      }}
    >
      {line && length && (
        <svg className="layer ruler" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true">
          <line x1={line.a.x} y1={line.a.y} x2={line.b.x} y2={line.b.y} vectorEffect="non-scaling-stroke" data-testid="viewer.ruler" data-px={length.px} data-mm={length.mm ?? ''} />
        </svg>
      )}
    </div>
  );
}
