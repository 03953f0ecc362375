/**
 * Window/level by mouse, as in DICOM viewers: drag with the right button (or Shift + left) over
 * the image; right/left widens/narrows the window, down/up raises/lowers its centre. The image
 * follows the pointer at once; the model runs again only when the button is released.
 */
import { useRef, useState, type MouseEvent, type PointerEvent } from 'react';
import { type IntensityWindow } from '../image/window';

export function useWindowDrag(current: IntensityWindow | null, commit: (window: IntensityWindow) => void) {
  const [preview, setPreview] = useState<IntensityWindow | null>(null);
  const start = useRef<{ x: number; y: number; window: IntensityWindow } | null>(null);

  const onPointerDown = (e: PointerEvent<HTMLElement>) => {
    if (!current || !(e.button === 2 || (e.button === 0 && e.shiftKey))) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    start.current = { x: e.clientX, y: e.clientY, window: current };
  };
  const onPointerMove = (e: PointerEvent<HTMLElement>) => {
    const s = start.current;
    if (!s) return;
    // One window width per 256 screen pixels, whatever the image's value range.
    const step = s.window.width / 256;
    setPreview({ center: s.window.center + (e.clientY - s.y) * step, width: Math.max(1, s.window.width + (e.clientX - s.x) * step) });
  };
  const onPointerUp = () => {
    if (!start.current) return;
    start.current = null;
    if (preview) commit(preview);
    setPreview(null);
  };
  return {
    window: preview ?? current,
    handlers: {
      onPointerDownCapture: onPointerDown,
      onPointerMove,
      onPointerUp,
      onPointerCancel: onPointerUp,
      // The right button drags the window: no context menu over the image.
      onContextMenu: (e: MouseEvent<HTMLElement>) => e.preventDefault(),
    },
  };
}
