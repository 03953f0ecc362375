/**
 * The swipe compare's divider: a vertical line over the image that the user drags (mouse, pen,
 * touch) or moves with the arrow keys (it is a focusable slider), with what lies on each side
 * named at it. It is anchored in the stage's image-pixel container, so it follows zoom and pan,
 * and drawn in screen pixels under a counter-scale (at 27× a line of 2 / 27 px would round to a
 * whole image pixel); its grip and labels stay within the part of the image on screen.
 */
import { type KeyboardEvent, type PointerEvent, type ReactNode, useRef } from 'react';
import { splitColumn } from '../image/swipe';
import { useStageView } from './ZoomStage';

interface Props {
  readonly width: number;
  readonly height: number;
  /** Where the divider is, as a fraction of the width. */
  readonly split: number;
  readonly onChange: (fraction: number) => void;
  readonly leftName: string;
  readonly rightName: string;
  readonly left: ReactNode;
  readonly right: ReactNode;
}

/** Arrow keys move by 1 % of the width (10 % with Shift), Page keys by 10 %, Home and End to the edges. */
function keyStep(e: KeyboardEvent, split: number): number | null {
  const step = e.shiftKey ? 0.1 : 0.01;
  const moves: Record<string, number> = {
    ArrowLeft: split - step,
    ArrowDown: split - step,
    ArrowRight: split + step,
    ArrowUp: split + step,
    PageDown: split - 0.1,
    PageUp: split + 0.1,
    Home: 0,
    End: 1,
  };
  return moves[e.key] ?? null;
}

export function SwipeDivider({ width, height, split, onChange, leftName, rightName, left, right }: Props) {
  const view = useStageView();
  const dragging = useRef<number | null>(null);
  const follow = (e: PointerEvent) => onChange(view.toImage(e.clientX, e.clientY).x / width);

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    // The image's own left-drag gestures (ruler, region frame) stay out of it.
    e.stopPropagation();
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    dragging.current = e.pointerId;
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current !== e.pointerId) return;
    e.stopPropagation();
    follow(e);
  };
  const onPointerEnd = (e: PointerEvent<HTMLDivElement>) => {
    if (dragging.current === e.pointerId) dragging.current = null;
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = keyStep(e, split);
    if (next === null) return;
    // Not a pan of the stage: the keys are the divider's while it has focus.
    e.preventDefault();
    e.stopPropagation();
    onChange(next);
  };
  const percent = Math.round(split * 100);
  const { transform: t, viewport } = view;
  // The image's rows on screen, in screen pixels from its top: the grip and labels stay in them.
  const top = Math.max(0, -t.y);
  const bottom = Math.min(height * t.scale, viewport.height - t.y);
  return (
    <div className="swipe-anchor" style={{ left: split * width, transform: `scale(${1 / t.scale})` }}>
      <div
        className="swipe-divider"
        style={{ height: height * t.scale }}
        role="slider"
        tabIndex={0}
        aria-label={`Compare divider: ${leftName} left of it, ${rightName} right of it`}
        aria-orientation="horizontal"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} % ${leftName}`}
        title="Drag, or use the arrow keys, to move the divider"
        data-testid="viewer.compare-divider"
        data-column={splitColumn(split, width)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerEnd}
        onPointerCancel={onPointerEnd}
        onKeyDown={onKeyDown}
      >
        <span className="swipe-label left" style={{ top: top + 8 }} data-testid="viewer.compare-left">
          {left}
        </span>
        <span className="swipe-grip" style={{ top: (top + bottom) / 2 }} aria-hidden="true">
          ◀▶
        </span>
        <span className="swipe-label right" style={{ top: top + 8 }} data-testid="viewer.compare-right">
          {right}
        </span>
      </div>
    </div>
  );
}
