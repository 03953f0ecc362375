/**
 * Moves the keyboard focus to the selected row of the image list, so that after picking files
 * with the keyboard the shortcuts (j/k, [ ], 1–4) act at once instead of dying on a file input.
 */
export const IMAGE_LIST_ID = 'image-list';

/** Focuses the selected row once React has rendered it; does nothing when there is no row. */
export function focusSelectedImage(): void {
  // The list renders after the store update that adding files makes; wait for that frame.
  requestAnimationFrame(() => {
    const row = document.querySelector<HTMLElement>(`#${IMAGE_LIST_ID} .item-select[tabindex="0"]`);
    row?.focus();
  });
}
