/**
 * Starting, steering and finishing a correction of the selected image's mask: the tools (brush,
 * eraser, bucket, polygon, lasso; keys B, E, G, P, L), add or cut (X switches), radius in image
 * pixels, fill holes (H), clear, undo/redo (also Ctrl+Z, Ctrl+Shift+Z, Ctrl+Y), Accept (the mask
 * becomes the image's ground truth) and Cancel. Each key is named in its button's tooltip.
 */
import { useEffect } from 'react';
import { type EditTool, MAX_BRUSH_RADIUS, MIN_BRUSH_RADIUS } from '../state/slices/editingSlice';
import { type ImageItem } from '../state/types';
import { useStudio, useStudioStore } from './studioContext';

/** The tools, their keys and what they do (the key is shown in each button's tooltip). */
const TOOLS: ReadonlyArray<{ tool: EditTool; key: string; label: string; help: string }> = [
  { tool: 'brush', key: 'b', label: 'Brush', help: 'Brush: drag to add to the mask' },
  { tool: 'eraser', key: 'e', label: 'Eraser', help: 'Eraser: drag to remove from the mask' },
  { tool: 'bucket', key: 'g', label: 'Bucket', help: 'Bucket: click in a region (e.g. inside a closed outline) to fill it' },
  { tool: 'polygon', key: 'p', label: 'Polygon', help: 'Polygon: click corners; double-click, Enter or a click on the first corner closes; Esc cancels' },
  { tool: 'lasso', key: 'l', label: 'Lasso', help: 'Lasso: drag around a region; it is filled on release' },
];

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
      else if (command || e.altKey) return;
      else if (key === 'x') s.setEditMode(s.editMode === 'add' ? 'cut' : 'add');
      else if (key === 'h') s.fillHoles(id);
      else {
        const pick = TOOLS.find((t) => t.key === key);
        if (!pick) return;
        s.setEditTool(pick.tool);
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id, store]);
}

export function EditToolbar({ item }: { readonly item: ImageItem }) {
  const session = useStudio((s) => s.edits[item.id]);
  const tool = useStudio((s) => s.editTool);
  const mode = useStudio((s) => s.editMode);
  const radius = useStudio((s) => s.brushRadius);
  const classes = useStudio((s) => s.ready?.model.classes ?? null);
  const editClass = useStudio((s) => s.editClass);
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
      {TOOLS.map((t) => (
        <button
          key={t.tool}
          type="button"
          aria-pressed={tool === t.tool}
          aria-keyshortcuts={t.key.toUpperCase()}
          data-testid={`editor.${t.tool}`}
          title={`${t.help} (${t.key.toUpperCase()})`}
          onClick={() => a.setEditTool(t.tool)}
        >
          {t.label}
        </button>
      ))}
      <button
        type="button"
        aria-pressed={mode === 'cut'}
        aria-keyshortcuts="X"
        data-testid="editor.mode"
        data-mode={mode}
        title="Cut instead of add: bucket, polygon and lasso remove from the mask, the brush becomes the eraser (X)"
        onClick={() => a.setEditMode(mode === 'add' ? 'cut' : 'add')}
      >
        {mode === 'add' ? 'Adding' : 'Cutting'}
      </button>
      {classes && classes.length > 1 && (
        <label>
          Class{' '}
          <select value={Math.min(editClass, classes.length)} onChange={(e) => a.setEditClass(Number(e.target.value))} data-testid="editor.class">
            {classes.map((c, k) => (
              <option key={c.name} value={k + 1}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
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
      <button type="button" data-testid="editor.fill-holes" title="Fill holes and closed outlines (H)" aria-keyshortcuts="H" onClick={() => a.fillHoles(id)}>
        Fill holes
      </button>
      <button type="button" data-testid="editor.clear" onClick={() => a.clearMask(id)}>
        Clear
      </button>
      <button type="button" data-testid="editor.undo" disabled={done.length === 0} title="Undo (Ctrl+Z)" aria-keyshortcuts="Control+Z" onClick={() => a.undoEdit(id)}>
        Undo
      </button>
      <button type="button" data-testid="editor.redo" disabled={undone.length === 0} title="Redo (Ctrl+Shift+Z or Ctrl+Y)" aria-keyshortcuts="Control+Shift+Z Control+Y" onClick={() => a.redoEdit(id)}>
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
