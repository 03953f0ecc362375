/** What the app keeps, where, how much of it is stored now, and a button that deletes all of it. */
import { useEffect, useState } from 'react';
import { useStudio } from './studioContext';

type Stored = { readonly models: number; readonly corrections: number };

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function PrivacyPanel() {
  const clear = useStudio((s) => s.clearStoredData);
  const storedData = useStudio((s) => s.storedData);
  // Counted again whenever a model is saved or a mask accepted (both change these).
  const library = useStudio((s) => s.library);
  const correctionsSaved = useStudio((s) => s.correctionsSaved);
  const [stored, setStored] = useState<Stored | null>(null);
  const [cleared, setCleared] = useState(false);
  useEffect(() => {
    let live = true;
    void storedData().then((s) => live && setStored(s));
    return () => {
      live = false;
    };
  }, [storedData, library, correctionsSaved]);
  return (
    <details className="privacy" data-testid="privacy">
      <summary>Privacy: what stays where</summary>
      <p className="small">
        Your images, masks and results never leave this computer: this page sends no request to any other server, has no analytics and
        loads no fonts or scripts from elsewhere (a Content-Security-Policy enforces it). Images and results live only in this tab's memory
        and are gone when you close it or press Clear all.
      </p>
      <p className="small" data-testid="privacy.stored" data-models={stored?.models ?? ''} data-corrections={stored?.corrections ?? ''}>
        Stored in this browser (IndexedDB): models you save or fine-tune (database <code>unet-studio</code>)
        {stored ? `: ${plural(stored.models, 'model')} now` : ''}; masks you corrected and accepted, as PNGs keyed by a SHA-256 of the
        scan's bytes, never the scan itself (database <code>unet-studio-corrections</code>)
        {stored ? `: ${plural(stored.corrections, 'mask')} now` : ''}. Nothing else.
      </p>
      <button
        type="button"
        data-testid="privacy.clear"
        onClick={() => {
          void clear()
            .then(() => storedData())
            .then((s) => {
              setStored(s);
              setCleared(true);
            });
        }}
      >
        Delete everything this app stored in this browser
      </button>
      {cleared && (
        <p role="status" className="small" data-testid="privacy.cleared">
          Deleted: no saved models and no corrected masks remain in this browser.
        </p>
      )}
    </details>
  );
}
