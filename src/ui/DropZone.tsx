/** Where scans and masks come in: drag and drop (files or folders), file and folder pickers, paste. */
import { type DragEvent, useCallback, useEffect, useRef, useState } from 'react';
import { isSessionArchive } from '../files/sessionArchive';
import { isModelFileName } from '../model/modelSource';
import { type SourceFile } from '../state/types';
import { fromDataTransfer, fromFileList } from './collectFiles';
import { useStudio } from './studioContext';

let pasted = 0;

/**
 * Sends a session archive to Open session, model files (JSON, weights, Keras, a model ZIP) to the
 * model loader, and everything else to the image list. A ZIP is a session when it holds a session
 * manifest (read from the ZIP's directory, not guessed from its name).
 */
function useIntake(): (files: SourceFile[]) => void {
  const addFiles = useStudio((s) => s.addFiles);
  const loadModelFiles = useStudio((s) => s.loadModelFiles);
  const openSession = useStudio((s) => s.openSession);
  return useCallback(
    (files) => {
      void (async () => {
        const sessions: SourceFile[] = [];
        for (const f of files) if (/\.zip$/i.test(f.path) && isSessionArchive(new Uint8Array(await f.blob.arrayBuffer()))) sessions.push(f);
        const rest = files.filter((f) => !sessions.includes(f));
        const model = rest.filter((f) => isModelFileName(f.path));
        const images = rest.filter((f) => !isModelFileName(f.path));
        if (model.length > 0) await loadModelFiles(model);
        if (images.length > 0) addFiles(images);
        for (const session of sessions) await openSession(session);
      })();
    },
    [addFiles, loadModelFiles, openSession],
  );
}

export function DropZone() {
  const addFiles = useIntake();
  const [over, setOver] = useState(false);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // webkitdirectory is not a React prop; set it on the element.
    folderInput.current?.setAttribute('webkitdirectory', '');
    const onPaste = (e: ClipboardEvent) => {
      const files = e.clipboardData ? Array.from(e.clipboardData.files) : [];
      if (files.length === 0) return;
      // Pasted screenshots are all called "image.png"; number them so each is its own entry.
      addFiles(files.map((f): SourceFile => ({ path: `pasted-${++pasted}-${f.name}`, size: f.size, blob: f })));
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [addFiles]);

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    addFiles(await fromDataTransfer(e.dataTransfer));
  };

  return (
    <section
      className={`drop-zone${over ? ' drop-over' : ''}`}
      data-testid="drop-zone"
      aria-label="Add images and masks"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => void onDrop(e)}
    >
      <p>
        Drop scans and ground-truth masks here (files or folders), or paste. Masks pair with images by name (same name in a{' '}
        <code>masks/</code> folder, or a suffix such as <code>_mask</code>, <code>_seg</code>, <code>_gt</code>). Model files dropped here
        (<code>model.json</code> + weights, Keras <code>.h5</code>/<code>.keras</code>) load as the model.
      </p>
      <div className="row">
        <label className="button">
          Choose files…
          <input
            type="file"
            multiple
            data-testid="drop-zone.files"
            onChange={(e) => {
              if (e.target.files) addFiles(fromFileList(e.target.files));
              e.target.value = '';
            }}
          />
        </label>
        <label className="button">
          Choose a folder…
          <input
            ref={folderInput}
            type="file"
            multiple
            data-testid="drop-zone.folder"
            onChange={(e) => {
              if (e.target.files) addFiles(fromFileList(e.target.files));
              e.target.value = '';
            }}
          />
        </label>
      </div>
    </section>
  );
}
