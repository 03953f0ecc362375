/**
 * The model library: the bundled model, models loaded this session and models saved in this
 * browser; loading model files (TF.js or Keras); saving; and the model's settings.
 */
import { fromFileList } from './collectFiles';
import { ModelSettings } from './ModelSettings';
import { useStudio } from './studioContext';

const ORIGIN_LABEL = { bundled: 'bundled', session: 'loaded this session', saved: 'saved in this browser' } as const;
const PHASE_LABEL = { backend: 'starting', model: 'loading and checking', 'warm-up': 'warming up' } as const;

export function ModelPanel() {
  const library = useStudio((s) => s.library);
  const activeId = useStudio((s) => s.activeModelId);
  const loading = useStudio((s) => s.modelLoading);
  const error = useStudio((s) => s.modelError);
  const ready = useStudio((s) => s.ready);
  const activate = useStudio((s) => s.activateModel);
  const loadFiles = useStudio((s) => s.loadModelFiles);
  const save = useStudio((s) => s.saveActiveModel);
  const remove = useStudio((s) => s.deleteSavedModel);
  if (!ready) return null;
  const notSavable = ready.model.notTrainable;
  return (
    <section className="model-panel" aria-label="Models" data-testid="models">
      <h2>Models</h2>
      <ul className="library" data-testid="models.library">
        {library.map((entry) => (
          <li key={entry.id} className={entry.id === activeId ? 'active' : undefined} data-testid="models.entry" data-name={entry.name} data-origin={entry.origin}>
            <label className="choice">
              <input
                type="radio"
                name="model"
                checked={entry.id === activeId}
                disabled={loading !== null}
                onChange={() => void activate(entry.id)}
              />
              <strong>{entry.name}</strong> <span className="muted small">({ORIGIN_LABEL[entry.origin]})</span>
            </label>
            {entry.description && <div className="muted small">{entry.description}</div>}
            {entry.origin === 'saved' && entry.id !== activeId && (
              <button type="button" className="small" aria-label={`Delete ${entry.name} from this browser`} onClick={() => void remove(entry.id)}>
                Delete
              </button>
            )}
          </li>
        ))}
      </ul>
      {loading && (
        <p role="status" data-testid="models.loading">
          {PHASE_LABEL[loading.phase]} {loading.name}…
        </p>
      )}
      {error && (
        <p className="status-error" role="alert" data-testid="models.error">
          {error}
        </p>
      )}
      <div className="row">
        <label className="button">
          Load model files…
          <input
            type="file"
            multiple
            accept=".json,.bin,.h5,.hdf5,.keras,.zip"
            data-testid="models.files"
            onChange={(e) => {
              if (e.target.files) void loadFiles(fromFileList(e.target.files));
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" disabled={notSavable !== null} title={notSavable ?? undefined} data-testid="models.save" onClick={() => void save()}>
          Save in this browser
        </button>
      </div>
      <p className="muted small">
        TF.js: <code>model.json</code> with its weight files. Keras: a full-model <code>.h5</code>, an architecture <code>.json</code> with its
        weights <code>.h5</code>, or a <code>.keras</code> archive — converted here, nothing is uploaded.
      </p>
      {notSavable && <p className="muted small" data-testid="models.not-trainable">Fine-tuning and saving are unavailable: {notSavable}.</p>}
      <ModelSettings />
    </section>
  );
}
