/**
 * The zoomed-in part of a large image at full resolution: over the overview (image/displayView.ts),
 * the visible region is drawn again with one canvas pixel per image pixel (or per screen pixel,
 * when that is coarser), image and overlay both, so a one-pixel detail shows when the user zooms
 * in to it. Redrawn once the view has been still for a moment, not on every frame of a pan, and
 * only the visible region's pixels: the cost follows the screen's size, never the image's.
 */
import { useEffect, useMemo, useState } from 'react';
import { type DisplayView, detailView, sameView } from '../image/displayView';
import { type BinaryMask } from '../image/mask';
import { type LabelMap } from '../image/labelMap';
import { type Raster } from '../image/raster';
import { type Segmentation } from '../image/segmentation';
import { type IntensityWindow } from '../image/window';
import { RgbaCanvas } from './RgbaCanvas';
import { baseInView, type OverlayLook, overlayInView, overlaySource } from './viewLayers';
import { useStageView } from './ZoomStage';

/** How long the view must be still before the detail is drawn (a pan or a wheel zoom moves it every frame). */
const SETTLE_MS = 120;

interface Props {
  readonly raster: Raster;
  readonly window: IntensityWindow | undefined;
  readonly segmentation: Segmentation | null;
  readonly truth: BinaryMask | null;
  readonly truthLabels: LabelMap | null;
  readonly look: OverlayLook;
  /** Image pixels per overview pixel: no detail is drawn unless the screen shows finer than that. */
  readonly overviewStep: number;
  readonly opacity: number;
}

/** The detail the current zoom and pan call for, or null. */
function useWantedView(raster: Raster, overviewStep: number): DisplayView | null {
  const { transform: t, viewport } = useStageView();
  const dpr = typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1;
  const visible = { left: -t.x / t.scale, top: -t.y / t.scale, right: (viewport.width - t.x) / t.scale, bottom: (viewport.height - t.y) / t.scale };
  return detailView(raster.width, raster.height, visible, 1 / (t.scale * dpr), overviewStep);
}

export function DetailLayer({ raster, window, segmentation, truth, truthLabels, look, overviewStep, opacity }: Props) {
  const wanted = useWantedView(raster, overviewStep);
  const [shown, setShown] = useState<DisplayView | null>(null);
  useEffect(() => {
    if (sameView(wanted, shown)) return undefined;
    // Zoomed out to the overview: drop the detail at once; otherwise wait for the view to settle.
    const timer = setTimeout(() => setShown(wanted), wanted ? SETTLE_MS : 0);
    return () => clearTimeout(timer);
  }, [wanted, shown]);

  const base = useMemo(() => (shown ? baseInView(raster, window, shown) : null), [raster, window, shown]);
  const source = useMemo(
    () => (shown && segmentation ? overlaySource(segmentation, truth, truthLabels, shown, raster.width, raster.height) : null),
    [shown, segmentation, truth, truthLabels, raster],
  );
  const overlay = useMemo(() => (source ? overlayInView(source, look) : null), [source, look]);
  if (!shown) return null;
  const placement = { left: shown.x0, top: shown.y0, width: shown.width * shown.step, height: shown.height * shown.step };
  const data = { 'data-x0': shown.x0, 'data-y0': shown.y0, 'data-step': shown.step };
  return (
    <>
      <RgbaCanvas width={shown.width} height={shown.height} pixels={base} className="layer" testId="viewer.detail" placement={placement} data={data} />
      {overlay && <RgbaCanvas width={shown.width} height={shown.height} pixels={overlay} className="layer" testId="viewer.detail-overlay" placement={placement} data={data} opacity={opacity} />}
    </>
  );
}
