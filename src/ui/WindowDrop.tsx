/**
 * The whole window is the drop target: files, folders, a session ZIP or model files dropped
 * anywhere go through the intake, with a full-window outline while something is dragged over.
 * The only drop handler is here (the drop box merely looks the part), so nothing is added twice.
 */
import { useEffect, useState } from 'react';
import { fromDataTransfer } from './collectFiles';
import { useIntake } from './useIntake';

/** Only drags that carry files: text or links dragged inside the page are left alone. */
const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');

export function WindowDrop() {
  const intake = useIntake();
  const [over, setOver] = useState(false);
  useEffect(() => {
    // dragenter/dragleave fire for every child crossed; count them to know when the drag left the window.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const overWindow = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      // Without this the browser would open the dropped file in place of the app.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer || !carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      setOver(false);
      void fromDataTransfer(e.dataTransfer).then((files) => intake(files));
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overWindow);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overWindow);
      window.removeEventListener('drop', drop);
    };
  }, [intake]);
  if (!over) return null;
  return (
    <div className="window-drop" data-testid="window-drop" aria-hidden="true">
      <p>Drop scans, masks, folders, a session ZIP or model files anywhere</p>
    </div>
  );
}
