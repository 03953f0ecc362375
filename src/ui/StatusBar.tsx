/** Which backend runs and why, the model in use, and what the engine is doing. */
import { ModelCardLine } from './ModelCardLine';
import { useStudio } from './studioContext';

const PHASE_TEXT = {
  backend: 'Choosing a compute backend…',
  model: 'Loading the model…',
  'warm-up': 'Warming up: compiling kernels for this model…',
} as const;

const BACKEND_LABEL = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM (CPU)', cpu: 'CPU (plain JS)' } as const;

export function StatusBar() {
  const engine = useStudio((s) => s.engine);
  const ready = useStudio((s) => s.ready);
  const tensors = useStudio((s) => s.tensorCount);
  const notice = useStudio((s) => s.engineNotice);
  return (
    <section className="status-bar" aria-label="Engine status" data-testid="status">
      {engine.kind === 'starting' && (
        <p className="status-busy" data-testid="status.phase" role="status">
          {PHASE_TEXT[engine.phase]}
        </p>
      )}
      {engine.kind === 'error' && (
        <p className="status-error" data-testid="status.error" role="alert">
          {engine.message}
        </p>
      )}
      {notice && (
        <p className="warn" role="alert" data-testid="status.notice">
          {notice}
        </p>
      )}
      {ready && (
        <>
          <p>
            Backend: <strong data-testid="status.backend" data-backend={ready.backend.name} data-adapter={ready.backend.adapter ?? ''}>{BACKEND_LABEL[ready.backend.name]}</strong>
            {ready.backend.adapter && <span className="muted"> ({ready.backend.adapter})</span>}
            {ready.backend.forced && <span className="muted"> — forced by ?backend=</span>}
          </p>
          {ready.backend.skipped.length > 0 && (
            <ul className="fallback-reasons" data-testid="status.fallback">
              {ready.backend.skipped.map((s) => (
                <li key={s.name}>
                  Not {BACKEND_LABEL[s.name]}: {s.reason}
                </li>
              ))}
            </ul>
          )}
          <p data-testid="status.model" data-warmup-ms={ready.warmUpMs}>
            Model: <strong>{ready.model.metadata.name}</strong> <span className="muted">({ready.model.description})</span> — {ready.model.size}×{ready.model.size}×{ready.model.channels} in,{' '}
            {outputDescription(ready.model.outputChannels, ready.model.activation)} out, {(ready.model.parameterCount / 1e6).toFixed(2)} M
            parameters; warm-up {Math.round(ready.warmUpMs)} ms
            {tensors !== null && (
              <span className="muted">
                {' '}
                · live tensors: <span data-testid="status.tensors">{tensors}</span>
              </span>
            )}
          </p>
          <ModelCardLine testId="status.attribution" />
        </>
      )}
    </section>
  );
}

/** The output in words: "sigmoid", "2-class softmax", "3-class softmax", "4 sigmoids (multi-label)". */
function outputDescription(channels: number, activation: 'softmax' | 'sigmoid'): string {
  if (activation === 'softmax') return `${channels}-class softmax`;
  return channels === 1 ? 'sigmoid' : `${channels} sigmoids (multi-label)`;
}
