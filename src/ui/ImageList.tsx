/**
 * Every dropped image with its status, its mask, its Dice and how unsure the model is; ordered and
 * filtered as a review queue (state/reviewQueue.ts); and the files that did not pair. The list is
 * one Tab stop (roving tabindex on the selected row); ArrowUp/Down, Home/End move the selection.
 */
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { LIST_FILTER_LABELS, LIST_FILTERS, LIST_ORDER_LABELS, LIST_ORDERS, type ListFilter, type ListOrder, orderedItems, reviewStatus } from '../state/reviewQueue';
import { batchProgressText } from '../state/batchProgress';
import { pairDice, progress, runningBatch } from '../state/selectors';
import { type ImageItem } from '../state/types';
import { IMAGE_LIST_ID } from './focusImage';
import { useStudio } from './studioContext';

/**
 * Rows are a fixed height so that long lists can render only what is in view; what does not fit
 * on a row's line (a long reason, a long mask error) is cut with an ellipsis and kept in a title.
 */
const ROW_HEIGHT = 46;
/** Below this many images every row is rendered (simplest for assistive technology). */
const WINDOW_FROM = 60;
const OVERSCAN = 8;
/** How long Remove can be undone. */
const UNDO_MS = 8000;

/** The slice of rows to render for the list's scroll position. */
function useRowWindow(count: number, selectedIndex: number) {
  const ref = useRef<HTMLUListElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const viewUpdate = useRef<() => void>(() => undefined);
  const windowed = count > WINDOW_FROM;
  useEffect(() => {
    const list = ref.current;
    if (!list || !windowed) return;
    const update = () => setView({ top: list.scrollTop, height: list.clientHeight || 600 });
    viewUpdate.current = update;
    update();
    list.addEventListener('scroll', update, { passive: true });
    return () => list.removeEventListener('scroll', update);
  }, [windowed]);
  useEffect(() => {
    // Keep the selected row in view when j/k moves the selection.
    const list = ref.current;
    if (!list || !windowed || selectedIndex < 0) return;
    const y = selectedIndex * ROW_HEIGHT;
    if (y < list.scrollTop) list.scrollTop = y;
    else if (y + ROW_HEIGHT > list.scrollTop + list.clientHeight) list.scrollTop = y + ROW_HEIGHT - list.clientHeight;
    // Render the row now, not after the scroll event, so that arrow keys can focus it at once.
    viewUpdate.current();
  }, [selectedIndex, windowed]);
  if (!windowed) return { ref, first: 0, last: count };
  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  return { ref, first, last };
}

function statusText(item: ImageItem): string {
  if (item.status === 'error') return item.error ?? 'failed';
  if (item.status === 'done') return 'done';
  return item.status === 'waiting' ? 'waiting' : `${item.status}…`;
}

export function ImageList() {
  const items = useStudio((s) => s.items);
  const unpaired = useStudio((s) => s.unpaired);
  const selectedId = useStudio((s) => s.selectedId);
  const threshold = useStudio((s) => s.threshold);
  const select = useStudio((s) => s.select);
  const removeItem = useStudio((s) => s.removeItem);
  const clearItems = useStudio((s) => s.clearItems);
  const batch = useStudio((s) => s.batch);
  const listOrder = useStudio((s) => s.listOrder);
  const listFilter = useStudio((s) => s.listFilter);
  const setListOrder = useStudio((s) => s.setListOrder);
  const setListFilter = useStudio((s) => s.setListFilter);
  const selectNextToReview = useStudio((s) => s.selectNextToReview);
  const correctionNotice = useStudio((s) => s.correctionNotice);
  const removed = useStudio((s) => s.removed);
  const undoRemove = useStudio((s) => s.undoRemove);
  const forgetRemoved = useStudio((s) => s.forgetRemoved);
  const [confirmClear, setConfirmClear] = useState(false);
  const shown = orderedItems(items, listOrder, listFilter, threshold);
  const selectedIndex = shown.findIndex((i) => i.id === selectedId);
  const { ref, first, last } = useRowWindow(shown.length, selectedIndex);
  /** Set by an arrow key: the newly selected row takes the focus once it is rendered. */
  const focusSelected = useRef(false);
  useEffect(() => {
    if (!focusSelected.current) return;
    const row = ref.current?.querySelector<HTMLElement>('.item-select[tabindex="0"]');
    if (row && row.dataset.id === selectedId) {
      row.focus();
      focusSelected.current = false;
    }
  });
  useEffect(() => {
    // The undo offer stays a few seconds, long enough to read and reach it by keyboard.
    if (!removed) return;
    const timer = setTimeout(forgetRemoved, UNDO_MS);
    return () => clearTimeout(timer);
  }, [removed, forgetRemoved]);
  if (items.length === 0 && unpaired.length === 0 && !removed) return null;
  const onRowKey = (e: KeyboardEvent, index: number, id: string) => {
    const target = e.key === 'ArrowDown' ? index + 1 : e.key === 'ArrowUp' ? index - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? shown.length - 1 : null;
    if (e.key === 'Delete') {
      removeItem(id);
      focusSelected.current = true;
      return;
    }
    if (target === null) return;
    e.preventDefault();
    const next = shown[Math.min(shown.length - 1, Math.max(0, target))];
    if (!next || next.id === id) return;
    focusSelected.current = true;
    select(next.id);
  };
  const { done, total } = progress({ items });
  const failed = items.filter((i) => i.status === 'error').length;
  const running = runningBatch({ items, batch });
  return (
    <section className="image-list" aria-label="Images">
      <div className="row spread">
        <h2 data-testid="image-list.summary" data-total={total} data-settled={done}>
          Images{' '}
          <span className="muted">
            ({total}
            {done < total ? ` · ${done} done` : ''}
            {failed > 0 ? ` · ${failed} failed` : ''})
          </span>
        </h2>
        {confirmClear ? (
          <span className="row confirm" role="group" aria-label="Confirm clearing the list" data-testid="image-list.clear-confirm">
            Clear all {items.length} image{items.length === 1 ? '' : 's'}?
            <button
              type="button"
              data-testid="image-list.clear-yes"
              onClick={() => {
                setConfirmClear(false);
                clearItems();
              }}
            >
              Yes
            </button>
            <button type="button" data-testid="image-list.clear-no" autoFocus onClick={() => setConfirmClear(false)}>
              No
            </button>
          </span>
        ) : (
          <button type="button" data-testid="image-list.clear" disabled={items.length === 0 && unpaired.length === 0} onClick={() => setConfirmClear(true)}>
            Clear all
          </button>
        )}
      </div>
      {running && (
        <p className="muted small" role="status" data-testid="image-list.eta" data-seconds-left={running.secondsLeft ?? ''}>
          {batchProgressText(running)}
        </p>
      )}
      {removed && (
        <p className="row undo small" role="status" data-testid="image-list.removed">
          Removed {removed.item.name}.
          <button type="button" data-testid="image-list.undo" onClick={() => undoRemove()}>
            Undo
          </button>
        </p>
      )}
      <div className="row list-controls">
        <label>
          Order{' '}
          <select value={listOrder} data-testid="image-list.order" onChange={(e) => setListOrder(e.target.value as ListOrder)}>
            {LIST_ORDERS.map((o) => (
              <option key={o} value={o}>
                {LIST_ORDER_LABELS[o]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Show{' '}
          <select value={listFilter} data-testid="image-list.filter" onChange={(e) => setListFilter(e.target.value as ListFilter)}>
            {LIST_FILTERS.map((f) => (
              <option key={f} value={f}>
                {LIST_FILTER_LABELS[f]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="image-list.next-review"
          title="The next image without a mask, most uncertain first (N)"
          disabled={!items.some((i) => !i.mask && i.uncertainty)}
          onClick={() => selectNextToReview()}
        >
          Next to review
        </button>
      </div>
      {correctionNotice && (
        <p className="warn small" role="alert" data-testid="image-list.correction-notice">
          {correctionNotice}
        </p>
      )}
      {shown.length < items.length && (
        <p className="muted small" data-testid="image-list.shown">
          Showing {shown.length} of {items.length}.
        </p>
      )}
      <ul className="items" id={IMAGE_LIST_ID} aria-label="Images (arrow keys move, Delete removes)" data-testid="image-list" ref={ref}>
        {first > 0 && <li aria-hidden="true" style={{ height: first * ROW_HEIGHT }} />}
        {shown.slice(first, last).map((item, offset) => {
          const dice = pairDice(item, threshold);
          const selected = item.id === selectedId;
          // One Tab stop: the selected row (the first row when nothing shown is selected).
          const tabStop = selected || (selectedIndex < 0 && first + offset === 0);
          const status = statusText(item);
          return (
            <li
              key={item.id}
              className={`item item-${item.status}${selected ? ' selected' : ''}`}
              data-testid="image-list.item"
              data-name={item.name}
              data-status={item.status}
              data-review={reviewStatus(item)}
              data-uncertain={item.uncertainty?.uncertainShare ?? ''}
            >
              <button
                type="button"
                className="item-select"
                aria-current={selected ? 'true' : undefined}
                aria-keyshortcuts="ArrowUp ArrowDown Home End Delete"
                tabIndex={tabStop ? 0 : -1}
                data-id={item.id}
                title={item.status === 'error' ? `${item.source.path}: ${status}` : item.source.path}
                onClick={() => select(item.id)}
                onKeyDown={(e) => onRowKey(e, first + offset, item.id)}
              >
                <span className="item-name">{item.name}</span>
                <span className="item-status" data-testid="image-list.status" title={status}>
                  {status}
                  {item.uncertainty && !item.mask && (
                    <span
                      className="muted"
                      data-testid="image-list.uncertain"
                      title={`Share of the model's pixels on this image with probability between 0.1 and 0.9; mean entropy ${item.uncertainty.meanEntropy.toFixed(3)} bits`}
                    >
                      {' '}
                      · unsure {(item.uncertainty.uncertainShare * 100).toFixed(1)} %
                    </span>
                  )}
                </span>
                {item.mask && (
                  <span className="item-mask">
                    {item.mask.error || item.mask.labelsError ? (
                      <span className="warn" data-testid="image-list.mask-error" title={item.mask.error ?? item.mask.labelsError ?? ''}>
                        {item.mask.error ?? item.mask.labelsError}
                      </span>
                    ) : dice !== null ? (
                      <span data-testid="image-list.dice">
                        {item.mask.origin === 'corrected' && (
                          <span
                            data-testid="image-list.corrected"
                            title={item.mask.correction ? `Corrected here; the model's mask had Dice ${item.mask.correction.modelDice.toFixed(3)} with the accepted one` : 'Corrected here'}
                          >
                            corrected ·{' '}
                          </span>
                        )}
                        {item.mask.classConfusion ? 'mean Dice' : 'Dice'} {dice.toFixed(3)}
                        {item.mask.reading?.kind === 'label-map' && !item.mask.classConfusion && ' · label map'}
                      </span>
                    ) : (
                      'mask'
                    )}
                  </span>
                )}
              </button>
              {/* Out of the Tab order (Delete on the row does the same), so the list stays one stop. */}
              <button type="button" className="icon" tabIndex={-1} aria-label={`Remove ${item.name}`} title="Remove (Delete)" onClick={() => removeItem(item.id)}>
                ×
              </button>
            </li>
          );
        })}
        {last < shown.length && <li aria-hidden="true" style={{ height: (shown.length - last) * ROW_HEIGHT }} />}
      </ul>
      {unpaired.length > 0 && (
        <details open data-testid="unpaired">
          <summary>Not paired ({unpaired.length})</summary>
          <ul>
            {unpaired.map((u) => (
              <li key={u.path}>
                <code>{u.path}</code>: {u.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
