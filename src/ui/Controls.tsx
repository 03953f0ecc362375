/** Threshold, opacity, overlay style and the region mode of the selected image. */
import { OVERLAY_STYLES, type OverlayStyle, type PaletteName } from '../image/overlay';
import { THRESHOLD_STEPS } from '../metrics/thresholdHistogram';
import { selectedItem } from '../state/selectors';
import { useStudio } from './studioContext';

const MODE_LABEL: Record<OverlayStyle, string> = { fill: 'Fill', outline: 'Outline', heatmap: 'Probability', errors: 'TP / FP / FN' };

export function Controls() {
  const threshold = useStudio((s) => s.threshold);
  const opacity = useStudio((s) => s.opacity);
  const overlay = useStudio((s) => s.overlay);
  const item = useStudio(selectedItem);
  const setThreshold = useStudio((s) => s.setThreshold);
  const setOpacity = useStudio((s) => s.setOpacity);
  const setOverlay = useStudio((s) => s.setOverlay);
  const palette = useStudio((s) => s.palette);
  const setPalette = useStudio((s) => s.setPalette);
  const setGeometry = useStudio((s) => s.setGeometry);
  const resegment = useStudio((s) => s.resegment);
  return (
    <section className="controls" id="controls" tabIndex={-1} aria-label="Overlay controls">
      <label>
        Threshold <output data-testid="controls.threshold-value">{threshold.toFixed(3)}</output>
        <input
          type="range"
          min={0}
          max={1}
          step={1 / THRESHOLD_STEPS}
          value={threshold}
          data-testid="controls.threshold"
          onChange={(e) => setThreshold(Number(e.target.value))}
        />
      </label>
      <label>
        Opacity <output>{Math.round(opacity * 100)}%</output>
        <input type="range" min={0} max={1} step={0.01} value={opacity} data-testid="controls.opacity" onChange={(e) => setOpacity(Number(e.target.value))} />
      </label>
      <fieldset>
        <legend>Overlay</legend>
        {OVERLAY_STYLES.map((mode, i) => (
          <label key={mode} className="choice">
            <input type="radio" name="overlay" value={mode} checked={overlay === mode} onChange={() => setOverlay(mode)} data-testid={`controls.overlay-${mode}`} />
            {MODE_LABEL[mode]} <kbd>{i + 1}</kbd>
          </label>
        ))}
      </fieldset>
      <label>
        Colours{' '}
        <select value={palette} onChange={(e) => setPalette(e.target.value as PaletteName)} data-testid="controls.palette">
          <option value="okabe-ito">Okabe–Ito (colour-blind safe)</option>
          <option value="high-contrast">High contrast (white / magenta / cyan)</option>
        </select>
      </label>
      {item?.size && (
        <fieldset>
          <legend>Region the model sees</legend>
          <label className="choice">
            <input type="radio" name="geometry" checked={item.geometry === 'fit'} onChange={() => setGeometry(item.id, 'fit')} data-testid="controls.geometry-fit" />
            Fit whole image (letterbox)
          </label>
          <label className="choice">
            <input type="radio" name="geometry" checked={item.geometry === 'crop'} onChange={() => setGeometry(item.id, 'crop')} data-testid="controls.geometry-crop" />
            Square crop (drag it on the image)
          </label>
          <button type="button" onClick={() => resegment(item.id)} data-testid="controls.rerun">
            Run again
          </button>
        </fieldset>
      )}
      <p className="muted small">
        Keys: <kbd>1</kbd>–<kbd>{OVERLAY_STYLES.length}</kbd> overlay, <kbd>[</kbd> <kbd>]</kbd> threshold ∓0.01, <kbd>,</kbd> <kbd>.</kbd> opacity, <kbd>j</kbd>{' '}
        <kbd>k</kbd> next / previous image.
      </p>
    </section>
  );
}
