/**
 * Where scans and masks come in: file and folder pickers, paste, and the invitation to drop (the
 * drop itself is caught anywhere in the window by WindowDrop, so this box has no drop handler).
 */
import { useEffect, useRef } from 'react';
import { type SourceFile } from '../state/types';
import { fromFileList } from './collectFiles';
import { focusSelectedImage } from './focusImage';
import { useIntake } from './useIntake';

let pasted = 0;

export function DropZone() {
  const intake = useIntake();
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // webkitdirectory is not a React prop; set it on the element.
    folderInput.current?.setAttribute('webkitdirectory', '');
    const onPaste = (e: ClipboardEvent) => {
      const files = e.clipboardData ? Array.from(e.clipboardData.files) : [];
      if (files.length === 0) return;
      // Pasted screenshots are all called "image.png"; number them so each is its own entry.
      intake(files.map((f): SourceFile => ({ path: `pasted-${++pasted}-${f.name}`, size: f.size, blob: f })));
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [intake]);

  /** Picked files go in, then the focus moves to the list so the shortcuts work straight away. */
  const onPick = (input: HTMLInputElement) => {
    if (input.files) intake(fromFileList(input.files), focusSelectedImage);
    input.value = '';
  };

  return (
    <section className="drop-zone" data-testid="drop-zone" aria-label="Add images and masks">
      <p>
        Drop scans and ground-truth masks anywhere on this page (files or folders), or paste. Masks pair with images by name (same name in a{' '}
        <code>masks/</code> folder, or a suffix such as <code>_mask</code>, <code>_seg</code>, <code>_gt</code>). Model files or a saved session dropped
        (<code>model.json</code> + weights, Keras <code>.h5</code>/<code>.keras</code>) load as the model.
      </p>
      <div className="row">
        <label className="button">
          Choose files…
          <input
            type="file"
            multiple
            data-testid="drop-zone.files"
            onChange={(e) => onPick(e.target)}
          />
        </label>
        <label className="button">
          Choose a folder…
          <input
            ref={folderInput}
            type="file"
            multiple
            data-testid="drop-zone.folder"
            onChange={(e) => onPick(e.target)}
          />
        </label>
      </div>
    </section>
  );
}
