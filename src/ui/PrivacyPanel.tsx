/** What the app keeps, where, and a button that deletes all of it. */
import { useState } from 'react';
import { useStudio } from './studioContext';

export function PrivacyPanel() {
  const clear = useStudio((s) => s.clearStoredData);
  const [cleared, setCleared] = useState(false);
  return (
    <details className="privacy" data-testid="privacy">
      <summary>Privacy: what stays where</summary>
      <p className="small">
        Your images, masks and results never leave this computer: this page sends no request to any other server, has no analytics and
        loads no fonts or scripts from elsewhere (a Content-Security-Policy enforces it). Images and results live only in this tab's memory
        and are gone when you close it or press Clear all.
      </p>
      <p className="small">
        Stored in this browser: models you save or fine-tune (IndexedDB database <code>unet-studio</code>). Nothing else.
      </p>
      <button
        type="button"
        data-testid="privacy.clear"
        onClick={() => {
          void clear().then(() => setCleared(true));
        }}
      >
        Delete everything this app stored in this browser
      </button>
      {cleared && (
        <p role="status" className="small" data-testid="privacy.cleared">
          Deleted: no saved models remain in this browser.
        </p>
      )}
    </details>
  );
}
