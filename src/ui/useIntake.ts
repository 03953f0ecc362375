/**
 * The one way files enter the app, shared by the pickers, paste and the window-wide drop target:
 * a session archive goes to Open session, model files to the model loader, the rest to the list.
 */
import { useCallback } from 'react';
import { isSessionArchive } from '../files/sessionArchive';
import { isModelFileName } from '../model/modelSource';
import { type SourceFile } from '../state/types';
import { useStudio } from './studioContext';

/**
 * A ZIP is a session when it holds a session manifest (read from the ZIP's directory, not guessed
 * from its name). `after` runs once the files were handed on (the pickers move the focus then).
 */
export function useIntake(): (files: SourceFile[], after?: () => void) => void {
  const addFiles = useStudio((s) => s.addFiles);
  const loadModelFiles = useStudio((s) => s.loadModelFiles);
  const openSession = useStudio((s) => s.openSession);
  return useCallback(
    (files, after) => {
      void (async () => {
        const sessions: SourceFile[] = [];
        for (const f of files) if (/\.zip$/i.test(f.path) && isSessionArchive(new Uint8Array(await f.blob.arrayBuffer()))) sessions.push(f);
        const rest = files.filter((f) => !sessions.includes(f));
        const model = rest.filter((f) => isModelFileName(f.path));
        const images = rest.filter((f) => !isModelFileName(f.path));
        if (model.length > 0) await loadModelFiles(model);
        if (images.length > 0) addFiles(images);
        for (const session of sessions) await openSession(session);
        after?.();
      })();
    },
    [addFiles, loadModelFiles, openSession],
  );
}
