/** The active model's settings (what its weights do not say), saved with the model. */
import { useState } from 'react';
import { INTENSITY_MODES, describeIntensity, type IntensityMode } from '../image/intensity';
import { type ModelMetadata } from '../model/metadata';
import { type ClassInfo } from '../model/classes';
import { useStudio } from './studioContext';

export function ModelSettings() {
  const ready = useStudio((s) => s.ready);
  const update = useStudio((s) => s.updateModelMetadata);
  if (!ready) return null;
  // Keyed by the model so the form resets when the model changes.
  return (
    <SettingsForm
      key={`${ready.model.description}-${ready.model.metadata.name}`}
      metadata={{ ...ready.model.metadata, classes: ready.model.classes.length > 1 ? ready.model.classes : ready.model.metadata.classes }}
      channels={ready.model.channels}
      size={ready.model.size}
      onApply={update}
    />
  );
}

interface FormProps {
  readonly metadata: ModelMetadata;
  readonly channels: number;
  readonly size: number;
  readonly onApply: (change: Partial<ModelMetadata>) => Promise<void>;
}

function SettingsForm({ metadata, channels, size, onApply }: FormProps) {
  const [draft, setDraft] = useState(metadata);
  const changed = JSON.stringify(draft) !== JSON.stringify(metadata);
  return (
    <details className="model-settings" data-testid="models.settings">
      <summary>Settings of this model</summary>
      <p className="muted small">
        Input {size}×{size}, {channels === 1 ? 'grayscale' : 'RGB'} (from the model itself).
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void onApply(draft);
        }}
      >
        <label>
          Name <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value || metadata.name })} data-testid="models.settings.name" />
        </label>
        {draft.classes && draft.classes.length > 1 ? (
          <ClassTableInputs classes={draft.classes} onChange={(classes) => setDraft({ ...draft, classes })} />
        ) : (
          <label>
            Label <input value={draft.label} onChange={(e) => setDraft({ ...draft, label: e.target.value || metadata.label })} />
          </label>
        )}
        <label>
          Intensity scaling{' '}
          <select value={draft.intensity} onChange={(e) => setDraft({ ...draft, intensity: e.target.value as IntensityMode })} data-testid="models.settings.intensity">
            {INTENSITY_MODES.map((m) => (
              <option key={m} value={m}>
                {describeIntensity(m)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Default region{' '}
          <select value={draft.geometry} onChange={(e) => setDraft({ ...draft, geometry: e.target.value as ModelMetadata['geometry'] })}>
            <option value="fit">Fit whole image (letterbox)</option>
            <option value="crop">Square crop</option>
          </select>
        </label>
        <label>
          Default threshold{' '}
          <input
            type="number"
            min={0}
            max={1}
            step={0.01}
            value={draft.threshold}
            onChange={(e) => setDraft({ ...draft, threshold: Math.min(1, Math.max(0, Number(e.target.value))) })}
          />
        </label>
        <button type="submit" disabled={!changed || (draft.classes !== null && new Set(draft.classes.map((c) => c.value)).size !== draft.classes.length)} data-testid="models.settings.apply">
          Apply
        </button>
      </form>
    </details>
  );
}

/** One row per class: its name, colour, and the pixel value that stands for it in mask files. */
function ClassTableInputs({ classes, onChange }: { classes: readonly ClassInfo[]; onChange: (classes: ClassInfo[]) => void }) {
  const set = (k: number, change: Partial<ClassInfo>) => onChange(classes.map((c, i) => (i === k ? { ...c, ...change } : c)));
  const values = classes.map((c) => c.value);
  const clash = new Set(values).size !== values.length;
  return (
    <fieldset className="class-table" data-testid="models.settings.classes">
      <legend>Classes (0 = background)</legend>
      {classes.map((c, k) => (
        <div key={k} className="class-row">
          <span className="muted">{k + 1}</span>
          <input aria-label={`Name of class ${k + 1}`} value={c.name} onChange={(e) => set(k, { name: e.target.value || c.name })} data-testid={`models.settings.class-${k + 1}.name`} />
          <input aria-label={`Colour of class ${k + 1}`} type="color" value={c.color.toLowerCase()} onChange={(e) => set(k, { color: e.target.value.toUpperCase() })} />
          <label>
            mask value{' '}
            <input type="number" min={1} max={65535} step={1} value={c.value} onChange={(e) => set(k, { value: Math.max(1, Math.round(Number(e.target.value))) })} />
          </label>
        </div>
      ))}
      {clash && <p className="error small">Two classes have the same mask value; give each its own.</p>}
    </fieldset>
  );
}
