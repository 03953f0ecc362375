/**
 * Starting, steering and finishing a correction of the selected image's mask: brush or eraser,
 * radius in image pixels, fill holes, clear, undo/redo (also Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y; B and
 * E pick the tool), Accept (the mask becomes the image's ground truth) and Cancel.
 */
import { useEffect } from 'react';
import { MAX_BRUSH_RADIUS, MIN_BRUSH_RADIUS } from '../state/slices/editingSlice';
import { type ImageItem } from '../state/types';
import { useStudio, useStudioStore } from './studioContext';

/** Editing shortcuts while `id` is being edited; a text field keeps its own undo. */
function useEditShortcuts(id: string | null): void {
  const store = useStudioStore();
  useEffect(() => {
    if (!id) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
      const s = store.getState();
      const key = e.key.toLowerCase();
      const command = e.ctrlKey || e.metaKey;
      if (command && key === 'z' && !e.shiftKey) s.undoEdit(id);
      else if (command && ((key === 'z' && e.shiftKey) || key === 'y')) s.redoEdit(id);
      else if (!command && !e.altKey && key === 'b') s.setEditTool('brush');
      else if (!command && !e.altKey && key === 'e') s.setEditTool('eraser');
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id, store]);
}

export function EditToolbar({ item }: { readonly item: ImageItem }) {
  const session = useStudio((s) => s.edits[item.id]);
  const tool = useStudio((s) => s.editTool);
  const radius = useStudio((s) => s.brushRadius);
  const a = useStudioStore().getState();
  useEditShortcuts(session ? item.id : null);
  const id = item.id;

  if (!session) {
    return (
      <div className="row edit-start">
        <button type="button" data-testid="editor.start" disabled={!item.segmentation} onClick={() => a.startEditing(id, 'prediction')}>
          Correct the mask
        </button>
        {item.mask?.truth && (
          <button type="button" data-testid="editor.start-truth" onClick={() => a.startEditing(id, 'truth')}>
            Edit the ground truth
          </button>
        )}
      </div>
    );
  }
  const { done, undone } = session.history;
  return (
    <div className="row edit-toolbar" role="toolbar" aria-label="Mask editing" data-testid="editor.toolbar">
      {session.startedFrom === 'draft' && (
        <span className="small" data-testid="editor.draft-restored">
          Your unfinished correction, brought back from this browser.
        </span>
      )}
      <button type="button" aria-pressed={tool === 'brush'} data-testid="editor.brush" title="Brush: add to the mask (B)" onClick={() => a.setEditTool('brush')}>
        Brush
      </button>
      <button type="button" aria-pressed={tool === 'eraser'} data-testid="editor.eraser" title="Eraser: remove from the mask (E)" onClick={() => a.setEditTool('eraser')}>
        Eraser
      </button>
      <label>
        Radius{' '}
        <input
          type="number"
          data-testid="editor.radius"
          min={MIN_BRUSH_RADIUS}
          max={MAX_BRUSH_RADIUS}
          step={0.5}
          value={radius}
          onChange={(e) => Number.isFinite(e.target.valueAsNumber) && a.setBrushRadius(e.target.valueAsNumber)}
        />{' '}
        image px
      </label>
      <button type="button" data-testid="editor.fill-holes" title="Fill holes and closed outlines" onClick={() => a.fillHoles(id)}>
        Fill holes
      </button>
      <button type="button" data-testid="editor.clear" onClick={() => a.clearMask(id)}>
        Clear
      </button>
      <button type="button" data-testid="editor.undo" disabled={done.length === 0} title="Undo (Ctrl+Z)" onClick={() => a.undoEdit(id)}>
        Undo
      </button>
      <button type="button" data-testid="editor.redo" disabled={undone.length === 0} title="Redo (Ctrl+Shift+Z or Ctrl+Y)" onClick={() => a.redoEdit(id)}>
        Redo
      </button>
      <span className="muted" data-testid="editor.steps" data-done={done.length} data-undone={undone.length}>
        {done.length} step{done.length === 1 ? '' : 's'}
      </span>
      <button type="button" className="primary" data-testid="editor.accept" title="The edited mask becomes this image's ground truth" onClick={() => a.acceptEdit(id)}>
        Accept
      </button>
      <button type="button" data-testid="editor.cancel" onClick={() => a.cancelEdit(id)}>
        Cancel
      </button>
    </div>
  );
}
