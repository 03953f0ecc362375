/**
 * The selected image's intensity window: presets, exact centre/width, and the mapping from stored
 * values to the model's input in words (the same mapping the view uses). With the scan's facts
 * (modality, size, spacing, bits…) for DICOM and TIFF files — shown here, sent nowhere.
 */
import { useMemo } from 'react';
import { describeIntensity } from '../image/intensity';
import { describeWindow, sameWindow, windowPresets } from '../image/window';
import { selectedItem } from '../state/selectors';
import { useStudio } from './studioContext';

export function WindowPanel() {
  const item = useStudio(selectedItem);
  const setWindow = useStudio((s) => s.setWindow);
  const intensity = useStudio((s) => s.ready?.model.metadata.intensity ?? 'unit');
  const raster = item?.raster ?? null;
  const window = item?.window ?? null;
  // The pixel-range preset scans every pixel: once per image, not once per render.
  const presets = useMemo(() => (raster ? windowPresets(raster) : []), [raster]);
  if (!item || !raster || !window) return null;
  const active = presets.find((p) => sameWindow(p.window, window));
  const invert = raster.scan?.invert ?? false;
  const set = (change: { center?: number; width?: number }) => {
    const next = { ...window, ...change };
    if (Number.isFinite(next.center) && Number.isFinite(next.width) && next.width >= 1) setWindow(item.id, next);
  };
  return (
    <section className="window-panel" aria-label="Intensity window" data-testid="window">
      <h2>Intensity window</h2>
      <label>
        Preset{' '}
        <select
          value={active?.name ?? ''}
          data-testid="window.preset"
          onChange={(e) => {
            const preset = presets.find((p) => p.name === e.target.value);
            if (preset) setWindow(item.id, preset.window);
          }}
        >
          {!active && <option value="">Custom</option>}
          {presets.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Centre{' '}
        <input type="number" step="any" value={round(window.center)} data-testid="window.center" onChange={(e) => set({ center: Number(e.target.value) })} />
      </label>
      <label>
        Width{' '}
        <input type="number" step="any" min={1} value={round(window.width)} data-testid="window.width" onChange={(e) => set({ width: Number(e.target.value) })} />
      </label>
      <p className="hint" data-testid="window.mapping">
        Model input: {describeWindow(window, invert)}; then {describeIntensity(intensity)}. Right-drag the image to adjust.
      </p>
      {raster.scan && raster.scan.facts.length > 0 && (
        <dl className="scan-facts" data-testid="scan.facts" aria-label={`${raster.scan.format} facts`}>
          {raster.scan.facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

const round = (v: number) => Math.round(v * 1000) / 1000;
