/**
 * The selected image with its overlay and the model's region (or, while its mask is corrected, the
 * editing layer), zoomable and pannable as one (ZoomStage), plus the model's own 256×256 view.
 */
import { useMemo } from 'react';
import { domainHints, modalityHint, regionHint } from '../image/domainHints';
import { modelViewGrey } from '../image/modelInput';
import { greyToRgba, rasterToRgba, renderOverlay, styleWithoutErrors } from '../image/overlay';
import { overviewOf, regionInView } from '../image/displayView';
import { classOverlayOf } from './overlayPixels';
import { CompareBar } from './CompareBar';
import { CompareLayer } from './CompareLayer';
import { useCompareSides } from './useCompareSides';
import { selectedItem } from '../state/selectors';
import { EditToolbar } from './EditToolbar';
import { EllipseOverlay } from './EllipseOverlay';
import { AngleOverlay } from './AngleOverlay';
import { Ruler } from './Ruler';
import { MaskEditor } from './MaskEditor';
import { ModelCardLine } from './ModelCardLine';
import { OverlayLegend } from './OverlayLegend';
import { ClassLegend } from './ClassLegend';
import { RegionFrame } from './RegionFrame';
import { RgbaCanvas } from './RgbaCanvas';
import { useStudio } from './studioContext';
import { useWindowDrag } from './useWindowDrag';
import { ZoomStage } from './ZoomStage';
import { DetailLayer } from './DetailLayer';
import { overlayInView, overlaySource, overviewSide, rasterInView } from './viewLayers';

export function Viewer() {
  const item = useStudio(selectedItem);
  const threshold = useStudio((s) => s.threshold);
  const opacity = useStudio((s) => s.opacity);
  const style = useStudio((s) => s.overlay);
  const palette = useStudio((s) => s.palette);
  const setRegion = useStudio((s) => s.setRegion);
  const modelSize = useStudio((s) => s.ready?.model.size ?? 256);
  const modelChannels = useStudio((s) => s.ready?.model.channels ?? 1);
  const modelModality = useStudio((s) => s.ready?.model.metadata.modality ?? null);
  const setWindow = useStudio((s) => s.setWindow);
  const editing = useStudio((s) => Boolean(item && s.edits[item.id]));
  const classes = useStudio((s) => s.ready?.model.classes ?? null);
  const hiddenClasses = useStudio((s) => s.hiddenClasses);
  const chosenClass = useStudio((s) => s.chosenClass);
  const classOpacity = useStudio((s) => s.classOpacity);
  const rulerOn = useStudio((s) => s.rulerOn);
  const truthLabels = item?.mask?.labels ?? null;

  const raster = item?.raster ?? null;
  const segmentation = item?.segmentation ?? null;
  const truth = item?.mask?.truth ?? null;
  const region = item?.region ?? null;
  const drag = useWindowDrag(item?.window ?? null, (w) => item && setWindow(item.id, w));
  const window = drag.window;

  // The overview: the whole image at no more than DISPLAY_MAX_SIDE pixels a side (the image itself when smaller).
  const overview = useMemo(() => (raster ? overviewOf(raster.width, raster.height, overviewSide()) : null), [raster]);
  const shown = useMemo(() => (raster && overview ? rasterInView(raster, overview) : null), [raster, overview]);
  const base = useMemo(() => (shown ? rasterToRgba(shown, window ?? undefined) : null), [shown, window]);
  const several = classes !== null && classes.length > 1 && Boolean(segmentation?.classGrids);
  const classView = useMemo(
    () =>
      several && classes
        ? { classes, hidden: new Set(hiddenClasses), opacity: classes.map((_, k) => classOpacity[k + 1] ?? 1), chosen: Math.min(chosenClass, classes.length), style, palette }
        : null,
    [several, classes, hiddenClasses, classOpacity, chosenClass, style, palette],
  );
  // Mapped onto the overview once per result; a threshold step then redraws the overview's pixels only.
  const source = useMemo(
    () => (raster && overview && segmentation ? overlaySource(segmentation, truth, classView ? truthLabels : null, overview, raster.width, raster.height) : null),
    [raster, overview, segmentation, truth, truthLabels, classView],
  );
  const look = useMemo(() => ({ threshold, style, palette, classView }), [threshold, style, palette, classView]);
  const overlay = useMemo(() => (source ? overlayInView(source, look) : null), [source, look]);
  // The compare views draw both sides at the overview's size, as the plain overlay is.
  const compareOptions = useMemo(() => ({ threshold, style, palette, truth, truthLabels, classView }), [threshold, style, palette, truth, truthLabels, classView]);
  const sides = useCompareSides(editing ? null : item, raster?.width ?? 0, raster?.height ?? 0, compareOptions, overview);
  const modelBase = useMemo(
    () => (shown && overview && region ? greyToRgba(modelViewGrey(shown, regionInView(region, overview), modelSize, window ?? undefined)) : null),
    [shown, overview, region, modelSize, window],
  );
  const modelOverlay = useMemo(() => {
    if (!segmentation) return null;
    const n = segmentation.gridSize;
    if (classView) {
      const onGrid = { ...segmentation, region: { x: 0, y: 0, size: n }, box: { x0: 0, y0: 0, x1: n, y1: n } };
      return classOverlayOf(onGrid, n, n, threshold, null, { ...classView, style: styleWithoutErrors(classView.style) });
    }
    // In the model's view there is no ground truth at this resolution: errors fall back to fill.
    return renderOverlay({
      probabilities: segmentation.grid,
      box: { x0: 0, y0: 0, x1: n, y1: n },
      width: n,
      height: n,
      threshold,
      style: styleWithoutErrors(style),
      truth: null,
      palette,
    });
  }, [segmentation, threshold, style, palette, classView]);

  const hints = useMemo(
    () => domainHints({ grid: segmentation?.grid ?? null, threshold, imageChannels: raster?.channels ?? 1, modelChannels }),
    [segmentation, threshold, raster, modelChannels],
  );

  // The section is the skip link's target (tabIndex −1: focusable by script, not a Tab stop).
  if (!item) {
    return (
      <section className="viewer empty" id="viewer" tabIndex={-1} aria-label="Image">
        Drop images to begin: anywhere on this page, or with Choose files… on the left.
      </section>
    );
  }
  if (!raster) {
    return (
      <section className="viewer empty" data-testid="viewer" id="viewer" tabIndex={-1} aria-label="Image">
        {item.status === 'error' ? `${item.name}: ${item.error}` : `Decoding ${item.name}…`}
      </section>
    );
  }
  const { width, height } = raster;
  const regionNote = region ? regionHint(region, width, height, modelSize) : null;
  const modalityNote = modalityHint(item.scan?.dicom?.modality, modelModality);
  return (
    <section className="viewer" data-testid="viewer" id="viewer" tabIndex={-1} aria-label={`Image ${item.name}`}>
      <figure className="viewer-main">
        <EditToolbar item={item} />
        {!editing && <CompareBar item={item} sides={sides} />}
        <ZoomStage
          key={item.id}
          width={width}
          height={height}
          title="Right-drag (or Shift-drag) to change the window: sideways for width, up/down for level. Wheel zooms; Space- or Alt-drag pans"
          handlers={drag.handlers}
        >
          <RgbaCanvas width={overview?.width ?? width} height={overview?.height ?? height} pixels={base} className="layer" label={`${item.name}, ${width}×${height}`} />
          {editing ? (
            <MaskEditor id={item.id} width={width} height={height} />
          ) : sides ? (
            <CompareLayer sides={sides} width={width} height={height} opacity={opacity} />
          ) : (
            <>
              <RgbaCanvas width={overview?.width ?? width} height={overview?.height ?? height} pixels={overlay} className="layer" testId="viewer.overlay" opacity={opacity} />
              {overview && overview.step > 1 && (
                <DetailLayer raster={raster} window={window ?? undefined} segmentation={segmentation} truth={truth} truthLabels={classView ? truthLabels : null} look={look} overviewStep={overview.step} opacity={opacity} />
              )}
              <EllipseOverlay itemId={item.id} segmentation={segmentation} width={width} height={height} />
              <AngleOverlay itemId={item.id} segmentation={segmentation} width={width} height={height} />
              {region && <RegionFrame region={region} imageWidth={width} imageHeight={height} onChange={(r) => setRegion(item.id, r)} />}
              {/* Last, over the region frame: with the ruler on, a left drag measures instead of moving the region. */}
              {rulerOn && <Ruler itemId={item.id} width={width} height={height} />}
            </>
          )}
        </ZoomStage>
        <figcaption>
          {item.name} — {width}×{height}
          {region && (
            <>
              {' '}
              · model sees {item.geometry === 'fit' ? 'the whole image, letterboxed' : 'a square crop'} ({Math.round(region.size)} px
              square)
            </>
          )}
          {segmentation && (
            <span data-testid="viewer.inference" data-ms={segmentation.inferenceMs}>
              {' '}
              · inference {Math.round(segmentation.inferenceMs)} ms
            </span>
          )}
          {item.status !== 'done' && item.status !== 'error' && <> · {item.status}…</>}
        </figcaption>
        {/* In a compare view each side is drawn alone (the truth in the model's colours): no ground-truth edge or errors to name. */}
        {!editing && classView && <ClassLegend classes={classView.classes} hasTruth={truthLabels !== null && !sides} />}
        {!editing && !classView && <OverlayLegend style={style} palette={palette} threshold={threshold} hasTruth={truth !== null && !sides} />}
        {hints.nothingFound && (
          <p className="hint small" data-testid="viewer.nothing-found">
            The model found no foreground here (no pixel reaches the threshold {threshold.toFixed(3)}) — is this image like the ones it was
            trained on?
          </p>
        )}
        {hints.reducedToGrey && (
          <p className="hint small" data-testid="viewer.reduced-to-grey">
            This is a colour image; the model reads one grey channel, so it sees the image's brightness (luma) only.
          </p>
        )}
        {regionNote && (
          <p className="hint small" data-testid="viewer.region-hint">
            {regionNote}
          </p>
        )}
        {modalityNote && (
          <p className="hint small" data-testid="viewer.modality-hint">
            {modalityNote}
          </p>
        )}
      </figure>
      <figure className="viewer-model">
        <div className="viewer-stage square">
          <RgbaCanvas width={modelSize} height={modelSize} pixels={modelBase} className="layer" label="What the model sees" />
          {segmentation && (
            <RgbaCanvas
              width={segmentation.gridSize}
              height={segmentation.gridSize}
              pixels={modelOverlay}
              className="layer"
              testId="viewer.model-overlay"
              opacity={opacity}
            />
          )}
        </div>
        <figcaption>
          Model input {modelSize}×{modelSize}
        </figcaption>
        {/* What the model was trained on, beside what it made of this image. */}
        <ModelCardLine testId="viewer.model-card" />
      </figure>
    </section>
  );
}
