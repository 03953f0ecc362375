/**
 * The layer where a mask is corrected, over the viewer's image at the image's own resolution:
 * the working mask in the palette's mask colour, a circle showing the brush (radius in image
 * pixels) and pointer painting (mouse, pen, touch). Only the pixels a stroke segment touched are
 * redrawn. By keyboard: arrow keys move the brush (Shift paints along the way), Space or Enter
 * paints where it is.
 */
import { type KeyboardEvent, type PointerEvent, useLayoutEffect, useRef, useState } from 'react';
import { type Point } from '../image/edit/brush';
import { maskBoxToRgba, segmentBox } from '../image/edit/maskRgba';
import { type PixelBox } from '../image/geometry';
import { PALETTES } from '../image/overlay';
import { useStudio, useStudioStore } from './studioContext';

interface Props {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

const union = (a: PixelBox | null, b: PixelBox | null): PixelBox | null =>
  !a ? b : !b ? a : { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };

export function MaskEditor({ id, width, height }: Props) {
  const store = useStudioStore();
  const session = useStudio((s) => s.edits[id]);
  const radius = useStudio((s) => s.brushRadius);
  const tool = useStudio((s) => s.editTool);
  const colour = useStudio((s) => PALETTES[s.palette].mask);
  const opacity = useStudio((s) => s.opacity);
  const canvas = useRef<HTMLCanvasElement>(null);
  /** Pixels changed by this layer's own strokes since the last draw, and the version they lead to. */
  const dirty = useRef<{ box: PixelBox | null; version: number } | null>(null);
  const drawn = useRef<{ mask: Uint8Array; colour: readonly number[]; version: number } | null>(null);
  const painting = useRef<{ pointerId: number; last: Point } | null>(null);
  const [cursor, setCursor] = useState<Point | null>(null);

  useLayoutEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !session) return;
    const d = dirty.current;
    const same = drawn.current?.mask === session.mask.data && drawn.current.colour === colour;
    // Pixels unchanged (e.g. a stroke ended): nothing to draw.
    if (same && drawn.current?.version === session.version) return;
    // Only this layer's own strokes since the last draw: repaint their box. Anything else (undo, fill, a new session): all of it.
    const box = same && d && d.version === session.version ? d.box : { x0: 0, y0: 0, x1: width, y1: height };
    dirty.current = null;
    drawn.current = { mask: session.mask.data, colour, version: session.version };
    if (!box) return;
    const rgba = maskBoxToRgba(session.mask, box, colour, 255);
    context.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, box.x1 - box.x0, box.y1 - box.y0), box.x0, box.y0);
  }, [session, colour, width, height]);

  if (!session) return null;
  const actions = store.getState();

  /** Paints a at the start of a stroke, or a→b, noting the box to redraw. */
  const paint = (a: Point, b: Point | null) => {
    const box = segmentBox(session.mask, a, b ?? a, radius);
    if (b) actions.continueStroke(id, b);
    else actions.beginStroke(id, a);
    dirty.current = { box: union(dirty.current?.box ?? null, box), version: store.getState().edits[id]?.version ?? -1 };
  };
  const toImage = (e: PointerEvent<HTMLElement>): Point => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * width) / rect.width, y: ((e.clientY - rect.top) * height) / rect.height };
  };
  const onPointerDown = (e: PointerEvent<HTMLElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus();
    const p = toImage(e);
    painting.current = { pointerId: e.pointerId, last: p };
    setCursor(p);
    paint(p, null);
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const p = toImage(e);
    setCursor(p);
    const stroke = painting.current;
    if (!stroke || stroke.pointerId !== e.pointerId) return;
    paint(stroke.last, p);
    stroke.last = p;
  };
  const onPointerUp = (e: PointerEvent<HTMLElement>) => {
    if (painting.current?.pointerId !== e.pointerId) return;
    painting.current = null;
    actions.endStroke(id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const at = cursor ?? { x: width / 2, y: height / 2 };
    const step = Math.max(1, radius);
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[e.key];
    if (move) {
      const next = { x: Math.min(width, Math.max(0, at.x + move[0])), y: Math.min(height, Math.max(0, at.y + move[1])) };
      if (e.shiftKey) {
        paint(at, null);
        paint(at, next);
        actions.endStroke(id);
      }
      setCursor(next);
    } else if (e.key === ' ' || e.key === 'Enter') {
      paint(at, null);
      actions.endStroke(id);
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  return (
    <>
      <canvas ref={canvas} width={width} height={height} className="layer" data-testid="editor.mask" style={{ opacity }} />
      <div
        className={`editor-surface editor-${tool}`}
        data-testid="editor.surface"
        tabIndex={0}
        role="application"
        aria-label={`Mask editor, ${tool} of radius ${radius} image pixels: drag to paint; arrow keys move the brush, Shift+arrows paint along, Space paints`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={() => painting.current || setCursor(null)}
        onKeyDown={onKeyDown}
      >
        {cursor && (
          <span
            className="editor-cursor"
            data-testid="editor.cursor"
            style={{ left: pct(cursor.x - radius, width), top: pct(cursor.y - radius, height), width: pct(2 * radius, width), height: pct(2 * radius, height) }}
          />
        )}
      </div>
    </>
  );
}
