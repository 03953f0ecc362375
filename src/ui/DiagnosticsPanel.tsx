/**
 * Facts for a support ticket — backend, adapter, fallbacks, model, memory, warm-up and per-image
 * times — as text a user can copy. No image data and no file names (they may name a patient).
 */
import { useState } from 'react';
import { useStudio } from './studioContext';

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function DiagnosticsPanel() {
  const ready = useStudio((s) => s.ready);
  const memory = useStudio((s) => s.memory);
  const items = useStudio((s) => s.items);
  const [copied, setCopied] = useState(false);
  if (!ready) return null;
  const times = items.map((i) => i.segmentation?.inferenceMs).filter((t): t is number => t !== undefined);
  const mb = (bytes: number | null | undefined) => (bytes == null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(1)} MiB`);
  const lines = [
    `U-Net Studio ${__APP_VERSION__}`,
    `browser: ${navigator.userAgent}`,
    `backend: ${ready.backend.name}${ready.backend.forced ? ' (forced)' : ''}; adapter: ${ready.backend.adapter ?? 'n/a'}`,
    `${ready.backend.name === 'wasm' ? 'WASM' : 'limits'}: ${ready.backend.limits ?? 'n/a'}`,
    ...ready.backend.skipped.map((s) => `skipped ${s.name}: ${s.reason}`),
    `model: ${ready.model.metadata.name}; ${ready.model.description}; ${ready.model.size}×${ready.model.size}×${ready.model.channels} → ${ready.model.outputChannels}; ${ready.model.parameterCount} parameters (${mb(ready.model.parameterCount * 4)} of float32 weights)`,
    `intensity: ${ready.model.metadata.intensity}; geometry: ${ready.model.metadata.geometry}`,
    `warm-up: ${Math.round(ready.warmUpMs)} ms`,
    `images: ${items.length}; inference per image: median ${median(times)?.toFixed(0) ?? 'n/a'} ms over ${times.length}, max ${times.length ? Math.max(...times).toFixed(0) : 'n/a'} ms`,
    `memory: ${memory?.numTensors ?? 'n/a'} tensors, ${mb(memory?.numBytes)}, GPU ${mb(memory?.numBytesInGPU)}`,
  ];
  const text = lines.join('\n');
  return (
    <details className="diagnostics" data-testid="diagnostics">
      <summary>Diagnostics</summary>
      <pre className="small" data-testid="diagnostics.text">
        {text}
      </pre>
      <button
        type="button"
        data-testid="diagnostics.copy"
        onClick={() => {
          void navigator.clipboard.writeText(text).then(() => setCopied(true));
        }}
      >
        Copy for a support ticket
      </button>
      {copied && (
        <span role="status" className="small">
          {' '}
          Copied.
        </span>
      )}
    </details>
  );
}
