/**
 * Save session / Open session: the whole study as one file to carry to another computer or to
 * continue later (state/slices/sessionSlice.ts), and what the last open did or could not do.
 */
import { useRef } from 'react';
import { download } from './download';
import { useStudio } from './studioContext';

export function SessionPanel() {
  const items = useStudio((s) => s.items);
  const report = useStudio((s) => s.sessionReport);
  const saveSession = useStudio((s) => s.saveSession);
  const openSession = useStudio((s) => s.openSession);
  const input = useRef<HTMLInputElement>(null);
  const onSave = async () => {
    const bytes = await saveSession();
    if (bytes) download(bytes, `unet-studio-session-${new Date().toISOString().slice(0, 10)}.zip`, 'application/zip');
  };
  return (
    <section className="session" aria-label="Session" data-testid="session">
      <div className="row">
        <button type="button" data-testid="session.save" disabled={items.length === 0} onClick={() => void onSave()} title="One ZIP: scans, masks, corrections, regions, windows, settings and the model when it is not the bundled one">
          Save session
        </button>
        <label className="button">
          Open session…
          <input
            ref={input}
            type="file"
            accept=".zip,application/zip"
            data-testid="session.open"
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void openSession({ path: file.name, size: file.size, blob: file });
              e.target.value = '';
            }}
          />
        </label>
      </div>
      {report && (
        <div role="status" className={`small${report.ok ? '' : ' status-error'}`} data-testid="session.report" data-ok={report.ok}>
          <p>{report.text}</p>
          {report.problems.length > 0 && (
            <ul data-testid="session.problems">
              {report.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
