/** Keyboard shortcuts for the overlay and navigation; ignored while typing in a field. */
import { useEffect } from 'react';
import { type StoreApi } from 'zustand';
import { OVERLAY_STYLES } from '../image/overlay';
import { compareReasons } from '../state/compareReasons';
import { selectedItem } from '../state/selectors';
import { type Studio } from '../state/types';

/** The compare view is on screen: on, possible for the selected image, and its mask not being edited (F would flip unseen). */
function compareShown(s: Studio): boolean {
  const item = selectedItem(s);
  if (s.compare.mode === 'off' || !item?.segmentation || s.edits[item.id]) return false;
  const reasons = compareReasons(item, s.library, s.activeModelId);
  return (s.compare.mode === 'truth' ? reasons.truth : reasons.model) === null;
}

export function useShortcuts(store: StoreApi<Studio>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) {
        if (!(target instanceof HTMLInputElement && (target.type === 'range' || target.type === 'radio'))) return;
      }
      const s = store.getState();
      const mode = OVERLAY_STYLES[Number(e.key) - 1];
      if (mode) s.setOverlay(mode);
      else if (e.key === '[') s.setThreshold(s.threshold - 0.01);
      else if (e.key === ']') s.setThreshold(s.threshold + 0.01);
      else if (e.key === ',') s.setOpacity(s.opacity - 0.1);
      else if (e.key === '.') s.setOpacity(s.opacity + 0.1);
      else if (e.key === 'j') s.selectNext(1);
      else if (e.key === 'k') s.selectNext(-1);
      else if (e.key === 'n') s.selectNextToReview();
      else if ((e.key === 'f' || e.key === 'F') && compareShown(s)) s.flipCompare();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
