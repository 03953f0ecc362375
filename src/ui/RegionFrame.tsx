/**
 * The square the model sees, drawn over the original image. Drag it to move the crop, drag its
 * corner to resize it; arrow keys move it (Shift: faster), +/− resize it. In fit mode it shows
 * the letterbox square (which reaches past the image), and any change turns it into a crop. It
 * lives in the zoomable stage's image-pixel container, so it stays on the image at any zoom.
 */
import { type KeyboardEvent, type PointerEvent, useRef } from 'react';
import { type Region } from '../image/geometry';
import { useStageView } from './ZoomStage';

interface Props {
  readonly region: Region;
  readonly imageWidth: number;
  readonly imageHeight: number;
  readonly onChange: (region: Region) => void;
}

type Drag = { kind: 'move' | 'resize'; startX: number; startY: number; start: Region; scale: number };

export function RegionFrame({ region, imageWidth, imageHeight, onChange }: Props) {
  const drag = useRef<Drag | null>(null);
  const view = useStageView();
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;

  const begin = (kind: Drag['kind'], e: PointerEvent<HTMLElement>) => {
    e.preventDefault();
    e.stopPropagation();
    // Screen pixels to image pixels through the stage's one view transform.
    drag.current = { kind, startX: e.clientX, startY: e.clientY, start: region, scale: 1 / view.transform.scale };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const move = (e: PointerEvent<HTMLElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = (e.clientX - d.startX) * d.scale;
    const dy = (e.clientY - d.startY) * d.scale;
    if (d.kind === 'move') onChange({ ...d.start, x: d.start.x + dx, y: d.start.y + dy });
    else onChange({ ...d.start, size: d.start.size + Math.max(dx, dy) });
  };
  const end = () => {
    drag.current = null;
  };
  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    const step = e.shiftKey ? 20 : 4;
    const moves: Record<string, [number, number, number]> = {
      ArrowLeft: [-step, 0, 0],
      ArrowRight: [step, 0, 0],
      ArrowUp: [0, -step, 0],
      ArrowDown: [0, step, 0],
      '+': [0, 0, step],
      '=': [0, 0, step],
      '-': [0, 0, -step],
    };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    e.stopPropagation();
    onChange({ x: region.x + m[0], y: region.y + m[1], size: region.size + m[2] });
  };

  return (
    <div
      className="region-frame"
      data-testid="viewer.region"
      role="slider"
      aria-label="Region the model sees (arrow keys move, + and − resize)"
      aria-valuetext={`x ${Math.round(region.x)}, y ${Math.round(region.y)}, size ${Math.round(region.size)} pixels`}
      tabIndex={0}
      style={{
        left: pct(region.x, imageWidth),
        top: pct(region.y, imageHeight),
        width: pct(region.size, imageWidth),
        height: pct(region.size, imageHeight),
      }}
      onPointerDown={(e) => begin('move', e)}
      onPointerMove={move}
      onPointerUp={end}
      onPointerCancel={end}
      onKeyDown={onKey}
    >
      <span
        className="region-handle"
        data-testid="viewer.region-handle"
        onPointerDown={(e) => begin('resize', e)}
        onPointerMove={move}
        onPointerUp={end}
        onPointerCancel={end}
      />
    </div>
  );
}
