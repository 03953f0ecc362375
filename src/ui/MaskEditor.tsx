/**
 * The layer where a mask is corrected, over the viewer's image at the image's own resolution and
 * inside the zoomable stage (pointer positions map to image pixels through its view transform):
 * the working mask in the palette's mask colour and pointer tools (mouse, pen, touch). Brush and
 * eraser paint strokes, with a circle showing the radius in image pixels; only the pixels a
 * stroke segment touched are redrawn. Bucket fills the region clicked in. Polygon: click corners,
 * double-click, Enter or a click on the first corner closes, Backspace drops the last corner, Esc
 * cancels. Lasso: drag around a region. Each fill is one undo step, adding or cutting by the mode.
 * By keyboard: arrow keys move the tool (Shift paints along the way with the brush), Space
 * applies it where it is (paints, fills, or places a corner), Enter too.
 */
import { type KeyboardEvent, type PointerEvent, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { type Point } from '../image/edit/brush';
import { maskBoxToRgba, segmentBox } from '../image/edit/maskRgba';
import { addPoint, closesAt, outlineBox } from '../image/edit/outline';
import { type PixelBox } from '../image/geometry';
import { PALETTES } from '../image/overlay';
import { rgbOf } from '../model/classes';
import { useStudio, useStudioStore } from './studioContext';
import { useStageView } from './ZoomStage';

interface Props {
  readonly id: string;
  readonly width: number;
  readonly height: number;
}

const union = (a: PixelBox | null, b: PixelBox | null): PixelBox | null =>
  !a ? b : !b ? a : { x0: Math.min(a.x0, b.x0), y0: Math.min(a.y0, b.y0), x1: Math.max(a.x1, b.x1), y1: Math.max(a.y1, b.y1) };

const HELP: Record<string, string> = {
  brush: 'drag to paint; arrow keys move the brush, Shift+arrows paint along, Space paints',
  eraser: 'drag to erase; arrow keys move the eraser, Shift+arrows erase along, Space erases',
  bucket: 'click in a region to fill it; arrow keys move the point, Space fills there',
  polygon: 'click corners, double-click or Enter closes, Backspace drops a corner, Escape cancels; by keyboard Space places a corner',
  lasso: 'drag around a region to fill it; Escape cancels',
};

export function MaskEditor({ id, width, height }: Props) {
  const store = useStudioStore();
  const view = useStageView();
  const session = useStudio((s) => s.edits[id]);
  const radius = useStudio((s) => s.brushRadius);
  const tool = useStudio((s) => s.editTool);
  const mode = useStudio((s) => s.editMode);
  const paletteColour = useStudio((s) => PALETTES[s.palette].mask);
  const classes = useStudio((s) => s.ready?.model.classes ?? null);
  // One colour per value the mask holds: the palette's mask colour, or each class's own.
  const colour = useMemo(() => (classes && classes.length > 1 ? classes.map((c) => rgbOf(c.color)) : [paletteColour]), [classes, paletteColour]);
  const opacity = useStudio((s) => s.opacity);
  const canvas = useRef<HTMLCanvasElement>(null);
  /** Pixels changed by this layer's own strokes or fills since the last draw, and the version they lead to. */
  const dirty = useRef<{ box: PixelBox | null; version: number } | null>(null);
  const drawn = useRef<{ mask: Uint8Array; colour: ReadonlyArray<readonly number[]>; version: number } | null>(null);
  const painting = useRef<{ pointerId: number; last: Point } | null>(null);
  const lasso = useRef<number | null>(null);
  const [cursor, setCursor] = useState<Point | null>(null);
  /** The polygon or lasso being drawn (image pixels), with the tool it belongs to: picking another tool drops it. */
  const [drawing, setDrawing] = useState<{ tool: string; points: readonly Point[] }>({ tool, points: [] });
  const outline = drawing.tool === tool ? drawing.points : [];
  const setOutline = (next: readonly Point[] | ((o: readonly Point[]) => readonly Point[])) =>
    setDrawing((d) => ({ tool, points: typeof next === 'function' ? next(d.tool === tool ? d.points : []) : next }));

  useLayoutEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !session) return;
    const d = dirty.current;
    const same = drawn.current?.mask === session.mask.data && drawn.current.colour === colour;
    // Pixels unchanged (e.g. a stroke ended): nothing to draw.
    if (same && drawn.current?.version === session.version) return;
    // Only this layer's own strokes or fills since the last draw: repaint their box. Anything else (undo, bucket, a new session): all of it.
    const box = same && d && d.version === session.version ? d.box : { x0: 0, y0: 0, x1: width, y1: height };
    dirty.current = null;
    drawn.current = { mask: session.mask.data, colour, version: session.version };
    if (!box) return;
    const rgba = maskBoxToRgba(session.mask, box, colour, 255);
    context.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, box.x1 - box.x0, box.y1 - box.y0), box.x0, box.y0);
    // Pixels redrawn so far, on the element (not state: no re-render), so a test can check that a
    // stroke repaints only what it touched, whatever the machine's speed.
    const element = canvas.current;
    if (element) element.dataset.redrawn = String(Number(element.dataset.redrawn ?? 0) + (box.x1 - box.x0) * (box.y1 - box.y0));
  }, [session, colour, width, height]);

  if (!session) return null;
  const actions = store.getState();
  /** A few screen pixels in image pixels, at the current zoom. */
  const screenPx = (n: number) => n / view.transform.scale;
  const version = () => store.getState().edits[id]?.version ?? -1;

  /** Paints a at the start of a stroke, or a→b, noting the box to redraw. */
  const paint = (a: Point, b: Point | null) => {
    const box = segmentBox(session.mask, a, b ?? a, radius);
    if (b) actions.continueStroke(id, b);
    else actions.beginStroke(id, a);
    dirty.current = { box: union(dirty.current?.box ?? null, box), version: version() };
  };
  /** Fills the outline (adds or cuts, by the mode) as one step and redraws only its box. */
  const fillOutline = (points: readonly Point[]) => {
    setOutline([]);
    if (points.length < 3) return;
    actions.fillPolygon(id, points);
    dirty.current = { box: outlineBox(points, width, height), version: version() };
  };
  const bucket = (p: Point) => actions.floodFill(id, Math.floor(p.x), Math.floor(p.y));
  /** Applies the tool once at a point (a click, or Space from the keyboard). */
  const applyAt = (p: Point) => {
    if (tool === 'bucket') bucket(p);
    else if (tool === 'polygon') {
      if (closesAt(outline, p, screenPx(8))) fillOutline(outline);
      else setOutline(addPoint(outline, p, screenPx(2)));
    } else if (tool === 'brush' || tool === 'eraser') {
      paint(p, null);
      actions.endStroke(id);
    }
  };

  const toImage = (e: PointerEvent<HTMLElement>): Point => view.toImage(e.clientX, e.clientY);
  const onPointerDown = (e: PointerEvent<HTMLElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.focus();
    const p = toImage(e);
    setCursor(p);
    if (tool === 'brush' || tool === 'eraser') {
      e.currentTarget.setPointerCapture(e.pointerId);
      painting.current = { pointerId: e.pointerId, last: p };
      paint(p, null);
    } else if (tool === 'lasso') {
      e.currentTarget.setPointerCapture(e.pointerId);
      lasso.current = e.pointerId;
      setOutline([p]);
    } else applyAt(p);
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const p = toImage(e);
    setCursor(p);
    if (lasso.current === e.pointerId) setOutline((o) => addPoint(o, p, screenPx(2)));
    const stroke = painting.current;
    if (!stroke || stroke.pointerId !== e.pointerId) return;
    paint(stroke.last, p);
    stroke.last = p;
  };
  const onPointerUp = (e: PointerEvent<HTMLElement>) => {
    if (lasso.current === e.pointerId) {
      lasso.current = null;
      // A cancelled pointer (e.g. a second finger began a pinch) drops the lasso instead of filling it.
      if (e.type === 'pointerup') fillOutline(addPoint(outline, toImage(e), screenPx(2)));
      else setOutline([]);
    }
    if (painting.current?.pointerId !== e.pointerId) return;
    painting.current = null;
    actions.endStroke(id);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const at = cursor ?? { x: width / 2, y: height / 2 };
    const step = tool === 'brush' || tool === 'eraser' ? Math.max(1, radius) : Math.max(1, screenPx(10));
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[e.key];
    if (move) {
      const next = { x: Math.min(width, Math.max(0, at.x + move[0])), y: Math.min(height, Math.max(0, at.y + move[1])) };
      if (e.shiftKey && (tool === 'brush' || tool === 'eraser')) {
        paint(at, null);
        paint(at, next);
        actions.endStroke(id);
      }
      setCursor(next);
    } else if (e.key === ' ') {
      // Applied on release: holding Space and dragging pans the view instead.
    } else if (e.key === 'Enter') {
      if (tool === 'polygon' && outline.length >= 3) fillOutline(outline);
      else applyAt(at);
    } else if (e.key === 'Escape' && outline.length > 0) {
      setOutline([]);
      lasso.current = null;
    } else if (e.key === 'Backspace' && tool === 'polygon' && outline.length > 0) setOutline(outline.slice(0, -1));
    else return;
    e.preventDefault();
    e.stopPropagation();
  };
  const onKeyUp = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== ' ') return;
    e.preventDefault();
    if (!view.takeSpacePan()) applyAt(cursor ?? { x: width / 2, y: height / 2 });
  };

  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  const ring = tool === 'brush' || tool === 'eraser' ? radius : screenPx(5);
  const rubber = tool === 'polygon' && cursor && outline.length > 0 ? [...outline, cursor] : outline;
  const points = rubber.map((p) => `${p.x},${p.y}`).join(' ');
  const label = `Mask editor, ${tool}${tool === 'brush' || tool === 'eraser' ? ` of radius ${radius} image pixels` : `, ${mode === 'add' ? 'adding' : 'cutting'}`}: ${HELP[tool]}`;
  return (
    <>
      <canvas ref={canvas} width={width} height={height} className="layer" data-testid="editor.mask" style={{ opacity }} />
      <div
        className={`editor-surface editor-${tool}`}
        data-testid="editor.surface"
        data-outline={outline.length}
        tabIndex={0}
        role="application"
        aria-label={label}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onPointerLeave={() => painting.current || setCursor(null)}
        onDoubleClick={() => tool === 'polygon' && fillOutline(outline)}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
      >
        {outline.length > 0 && (
          <svg className="editor-outline" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" aria-hidden="true" data-testid="editor.outline">
            <polyline className="shadow" points={points} />
            <polyline points={points} />
            {tool === 'polygon' && <circle cx={outline[0].x} cy={outline[0].y} r={screenPx(4)} />}
          </svg>
        )}
        {cursor && (
          <span
            className="editor-cursor"
            data-testid="editor.cursor"
            style={{ left: pct(cursor.x - ring, width), top: pct(cursor.y - ring, height), width: pct(2 * ring, width), height: pct(2 * ring, height) }}
          />
        )}
      </div>
    </>
  );
}
