/** Says when a new version of the app is ready, and reloads into it when the user chooses. */
import { useStudio } from './studioContext';

export function UpdateBanner() {
  const apply = useStudio((s) => s.applyUpdate);
  if (!apply) return null;
  return (
    <p role="status" className="update-banner" data-testid="update">
      A new version of U-Net Studio is ready.{' '}
      <button type="button" onClick={apply} data-testid="update.reload">
        Reload to use it
      </button>
    </p>
  );
}
