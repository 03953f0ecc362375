/**
 * The viewer's stage, zoomable and pannable over the image at its own resolution. Its children
 * (image, overlay, editing layer, crop frame) sit in one container sized in image pixels, moved
 * by one CSS transform (viewTransform.ts), so they stay aligned at every zoom; the compositor
 * scales the canvases, so a 4000×3000 image zooms without redrawing them. Zoom: wheel, trackpad
 * pinch (ctrl+wheel), two-finger pinch, `+`/`−` (`0` fits), the buttons. Pan: drag with Space or
 * Alt held or with the middle button, two fingers, or arrow keys while the stage has focus.
 * Children read the transform and map pointer positions through `useStageView`.
 */
import {
  createContext,
  type CSSProperties,
  type DOMAttributes,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
  useContext,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import {
  clampPan,
  cssTransform,
  fitTransform,
  MAX_SCALE,
  minScale,
  panBy,
  type Size,
  toImage,
  type ViewTransform,
  wheelFactor,
  type XY,
  ZOOM_STEP,
  zoomAbout,
  zoomTo,
} from './viewTransform';

export interface StageView {
  readonly transform: ViewTransform;
  /** The stage's size on screen, in CSS pixels (what of the image is on screen, with the transform). */
  readonly viewport: Size;
  /** Page (client) coordinates → image pixels, continuous. */
  toImage(clientX: number, clientY: number): XY;
  /** Whether the stage was panned while Space was held, since the last call; the editor paints on Space's release only if not. */
  takeSpacePan(): boolean;
}

const StageContext = createContext<StageView | null>(null);

export function useStageView(): StageView {
  const view = useContext(StageContext);
  if (!view) throw new Error('useStageView outside <ZoomStage>');
  return view;
}

interface Props {
  readonly width: number;
  readonly height: number;
  readonly title?: string;
  /** Handlers of other gestures on the stage (window/level drag); a pan or pinch takes precedence. */
  readonly handlers?: DOMAttributes<HTMLDivElement>;
  readonly children: ReactNode;
}

type Gesture =
  | { kind: 'pan'; pointerId: number; last: XY }
  | { kind: 'pinch'; start: ViewTransform; distance: number; mid: XY };

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export function ZoomStage({ width, height, title, handlers, children }: Props) {
  const viewport = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  /** null: fit (follows the viewport's size); otherwise the user's zoom and pan. */
  const [manual, setManual] = useState<ViewTransform | null>(null);
  const [spaceHeld, setSpaceHeld] = useState(false);
  const image = { width, height };
  const t = manual ? clampPan(manual, image, size) : fitTransform(image, size);
  const limits = { min: minScale(image, size), max: MAX_SCALE };

  // Event handlers outside React's render (wheel, keys) read the latest values from here.
  const live = useRef({ t, image, size, limits });
  useLayoutEffect(() => {
    live.current = { t, image, size, limits };
  });
  const space = useRef({ held: false, panned: false });
  const gesture = useRef<Gesture | null>(null);
  const touches = useRef(new Map<number, XY>());

  const change = (next: (t: ViewTransform) => ViewTransform) => {
    const { image: im, size: sz } = live.current;
    setManual(clampPan(next(live.current.t), im, sz));
  };
  const local = (clientX: number, clientY: number): XY => {
    const r = viewport.current?.getBoundingClientRect();
    return r ? { x: clientX - r.left, y: clientY - r.top } : { x: 0, y: 0 };
  };
  const centre = (): XY => ({ x: live.current.size.width / 2, y: live.current.size.height / 2 });
  const zoomBy = (factor: number, anchor: XY = centre()) => change((v) => zoomAbout(v, factor, anchor, live.current.limits));

  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const measure = () => setSize((s) => (s.width === el.clientWidth && s.height === el.clientHeight ? s : { width: el.clientWidth, height: el.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // React's onWheel is passive: the page would scroll as well as the image zoom.
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const r = el.getBoundingClientRect();
      const anchor = { x: e.clientX - r.left, y: e.clientY - r.top };
      const { image: im, size: sz, limits: lim } = live.current;
      setManual(clampPan(zoomAbout(live.current.t, wheelFactor(e.deltaY, e.deltaMode, e.ctrlKey), anchor, lim), im, sz));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  // +/−/0 anywhere (not while typing; the crop frame keeps + and − for its size); Space held arms the pan.
  useEffect(() => {
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      if (typing(e.target)) return;
      const inside = viewport.current?.contains(e.target as Node) || viewport.current?.matches(':hover');
      if (e.key === ' ') {
        if (!space.current.held) space.current = { held: true, panned: false };
        setSpaceHeld(true);
        // Space would scroll the page; over the image it means "pan".
        if (inside && (e.target === document.body || viewport.current?.contains(e.target as Node))) e.preventDefault();
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const { size: sz, image: im, limits: lim } = live.current;
      if (e.key === '+' || e.key === '=') setManual(clampPan(zoomAbout(live.current.t, ZOOM_STEP, { x: sz.width / 2, y: sz.height / 2 }, lim), im, sz));
      else if (e.key === '-' || e.key === '−') setManual(clampPan(zoomAbout(live.current.t, 1 / ZOOM_STEP, { x: sz.width / 2, y: sz.height / 2 }, lim), im, sz));
      else if (e.key === '0') setManual(null);
      else return;
      e.preventDefault();
    };
    const onKeyUp = (e: globalThis.KeyboardEvent) => {
      if (e.key !== ' ') return;
      space.current.held = false;
      setSpaceHeld(false);
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('keyup', onKeyUp);
    };
  }, []);

  const pinchOf = (): { distance: number; mid: XY } | null => {
    const [a, b] = [...touches.current.values()];
    if (!a || !b) return null;
    const mid = local((a.x + b.x) / 2, (a.y + b.y) / 2);
    return { distance: Math.max(1, Math.hypot(a.x - b.x, a.y - b.y)), mid };
  };

  const onPointerDownCapture = (e: PointerEvent<HTMLDivElement>) => {
    if (e.pointerType === 'touch') {
      touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
      const pinch = touches.current.size === 2 ? pinchOf() : null;
      if (pinch) {
        // A second finger: from now on the two fingers zoom and pan; the first one's stroke stops where it is.
        gesture.current = { kind: 'pinch', start: live.current.t, ...pinch };
        e.preventDefault();
        e.stopPropagation();
        return;
      }
    }
    if (e.button === 1 || (e.button === 0 && (space.current.held || e.altKey))) {
      e.preventDefault();
      e.stopPropagation();
      e.currentTarget.setPointerCapture(e.pointerId);
      gesture.current = { kind: 'pan', pointerId: e.pointerId, last: { x: e.clientX, y: e.clientY } };
      return;
    }
    handlers?.onPointerDownCapture?.(e);
  };
  const onPointerMoveCapture = (e: PointerEvent<HTMLDivElement>) => {
    if (touches.current.has(e.pointerId)) touches.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const g = gesture.current;
    if (g?.kind === 'pan' && g.pointerId === e.pointerId) {
      if (space.current.held) space.current.panned = true;
      const dx = e.clientX - g.last.x;
      const dy = e.clientY - g.last.y;
      g.last = { x: e.clientX, y: e.clientY };
      change((v) => panBy(v, dx, dy));
      e.stopPropagation();
    } else if (g?.kind === 'pinch' && touches.current.has(e.pointerId)) {
      const now = pinchOf();
      if (now) {
        const zoomed = zoomAbout(g.start, now.distance / g.distance, g.mid, live.current.limits);
        change(() => panBy(zoomed, now.mid.x - g.mid.x, now.mid.y - g.mid.y));
      }
      e.stopPropagation();
    }
  };
  const onPointerEndCapture = (e: PointerEvent<HTMLDivElement>) => {
    touches.current.delete(e.pointerId);
    const g = gesture.current;
    if (g?.kind === 'pan' && g.pointerId === e.pointerId) {
      gesture.current = null;
      e.stopPropagation();
    } else if (g?.kind === 'pinch' && touches.current.size < 2) gesture.current = null;
    // Not stopped for a pinch: the editor still hears its pointer go up and closes its stroke.
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // Arrow keys pan while the stage itself has focus (the editor and the crop frame use them for themselves).
    if (e.target !== e.currentTarget) return;
    const step = (e.shiftKey ? 0.5 : 0.1) * Math.min(size.width, size.height);
    const moves: Record<string, [number, number]> = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    change((v) => panBy(v, m[0], m[1]));
  };

  const view: StageView = {
    transform: t,
    viewport: size,
    toImage: (clientX, clientY) => toImage(live.current.t, local(clientX, clientY)),
    takeSpacePan: () => {
      const panned = space.current.panned;
      space.current.panned = false;
      return panned;
    },
  };
  const percent = Math.round(t.scale * 100);
  const content: CSSProperties & Record<'--px', string> = { width, height, transform: cssTransform(t), '--px': `${1 / t.scale}px` };

  return (
    <StageContext.Provider value={view}>
      <div className="row zoom-bar" role="toolbar" aria-label="Zoom">
        <button type="button" data-testid="viewer.zoom-out" aria-label="Zoom out" title="Zoom out (−, or the mouse wheel)" onClick={() => zoomBy(1 / ZOOM_STEP)}>
          −
        </button>
        <output data-testid="viewer.zoom" data-scale={t.scale} title="Screen pixels per image pixel">
          {percent} %
        </output>
        <button type="button" data-testid="viewer.zoom-in" aria-label="Zoom in" title="Zoom in (+, or the mouse wheel)" onClick={() => zoomBy(ZOOM_STEP)}>
          +
        </button>
        <button type="button" data-testid="viewer.zoom-fit" aria-pressed={manual === null} title="Fit the whole image (0)" onClick={() => setManual(null)}>
          Fit
        </button>
        <button type="button" data-testid="viewer.zoom-100" title="One image pixel per screen pixel" onClick={() => change((v) => zoomTo(v, 1, centre(), live.current.limits))}>
          100 %
        </button>
        <span className="muted">Pan: drag with Space or Alt held, or the middle button; arrow keys</span>
      </div>
      <div
        ref={viewport}
        className={`viewer-stage zoomable${spaceHeld ? ' pan-ready' : ''}`}
        style={{ aspectRatio: `${width} / ${height}` }}
        data-testid="viewer.stage"
        data-scale={t.scale}
        data-x={t.x}
        data-y={t.y}
        tabIndex={0}
        role="group"
        aria-label={`Image view at ${percent} %: arrow keys pan, + and − zoom, 0 fits`}
        title={title}
        {...handlers}
        onPointerDownCapture={onPointerDownCapture}
        onPointerMoveCapture={onPointerMoveCapture}
        onPointerUpCapture={onPointerEndCapture}
        onPointerCancelCapture={onPointerEndCapture}
        onKeyDown={onKeyDown}
      >
        <div className={`viewer-content${t.scale > 1 ? ' pixelated' : ''}`} data-testid="viewer.content" style={content}>
          {children}
        </div>
      </div>
    </StageContext.Provider>
  );
}
