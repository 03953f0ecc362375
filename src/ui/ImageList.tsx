/** Every dropped image with its status, its mask, its Dice; and the files that did not pair. */
import { itemScores } from '../state/selectors';
import { type ImageItem } from '../state/types';
import { useStudio } from './studioContext';

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
  if (items.length === 0 && unpaired.length === 0) return null;
  return (
    <section className="image-list" aria-label="Images">
      <div className="row spread">
        <h2>
          Images <span className="muted">({items.length})</span>
        </h2>
        <button type="button" onClick={clearItems}>
          Clear all
        </button>
      </div>
      <ul className="items" aria-label="Images" data-testid="image-list">
        {items.map((item) => {
          const scores = itemScores(item, threshold);
          const selected = item.id === selectedId;
          return (
            <li
              key={item.id}
              className={`item item-${item.status}${selected ? ' selected' : ''}`}
              data-testid="image-list.item"
              data-name={item.name}
              data-status={item.status}
            >
              <button
                type="button"
                className="item-select"
                aria-current={selected ? 'true' : undefined}
                title={item.source.path}
                onClick={() => select(item.id)}
                onKeyDown={(e) => {
                  if (e.key === 'Delete') removeItem(item.id);
                }}
              >
                <span className="item-name">{item.name}</span>
                <span className="item-status" data-testid="image-list.status">
                  {statusText(item)}
                </span>
                {item.mask && (
                  <span className="item-mask">
                    {item.mask.error ? (
                      <span className="warn" data-testid="image-list.mask-error">
                        {item.mask.error}
                      </span>
                    ) : scores ? (
                      <span data-testid="image-list.dice">Dice {scores.dice.toFixed(3)}</span>
                    ) : (
                      'mask'
                    )}
                  </span>
                )}
              </button>
              <button type="button" className="icon" aria-label={`Remove ${item.name}`} onClick={() => removeItem(item.id)}>
                ×
              </button>
            </li>
          );
        })}
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
