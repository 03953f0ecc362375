/**
 * The per-image table of a study (binary models), folded in a <details> under the metrics: Dice,
 * IoU, precision, recall at the threshold and the predicted area, sortable by any column (a button
 * in each header; worst Dice first by default); a row's name button selects its image. Rows are
 * computed only while the table is open.
 */
import { useMemo, useState } from 'react';
import { selectedItem } from '../state/selectors';
import { type SortDirection, sortStudyRows, STUDY_COLUMN_LABELS, STUDY_COLUMNS, type StudyColumn, studyRows } from '../state/studyTable';
import { useStudio } from './studioContext';

const score = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));

export function StudyTable() {
  const items = useStudio((s) => s.items);
  const threshold = useStudio((s) => s.threshold);
  const select = useStudio((s) => s.select);
  const selected = useStudio(selectedItem);
  const several = useStudio((s) => (s.ready?.model.classes.length ?? 1) > 1);
  const [open, setOpen] = useState(false);
  const [sort, setSort] = useState<{ column: StudyColumn; direction: SortDirection }>({ column: 'dice', direction: 'ascending' });
  const rows = useMemo(() => (open ? sortStudyRows(studyRows(items, threshold), sort.column, sort.direction) : []), [open, items, threshold, sort]);
  if (several || items.length === 0) return null;
  const scored = items.filter((i) => i.mask?.histogram).length;
  const sortBy = (column: StudyColumn) =>
    setSort((s) => ({ column, direction: s.column === column ? (s.direction === 'ascending' ? 'descending' : 'ascending') : column === 'name' ? 'ascending' : column === 'dice' ? 'ascending' : 'descending' }));
  return (
    <details className="study-table" data-testid="study-table" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Every image ({items.length}, {scored} with ground truth)
      </summary>
      {open && (
        <div className="scroll" tabIndex={0} role="region" aria-label="Per-image table (scrolls sideways when narrow)">
        <table>
          <caption className="small muted">At threshold {threshold.toFixed(3)}; area is the predicted foreground in pixels. Click a header to sort, a name to show the image.</caption>
          <thead>
            <tr>
              {STUDY_COLUMNS.map((c) => (
                <th key={c} scope="col" aria-sort={sort.column === c ? sort.direction : undefined}>
                  <button type="button" className="link" data-testid={`study-table.sort-${c}`} onClick={() => sortBy(c)}>
                    {STUDY_COLUMN_LABELS[c]}
                    {sort.column === c ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid="study-table.row" data-name={r.name} data-dice={r.scores?.dice ?? ''} className={selected?.id === r.id ? 'selected' : undefined}>
                <th scope="row">
                  <button type="button" className="link" aria-current={selected?.id === r.id ? 'true' : undefined} data-testid="study-table.select" onClick={() => select(r.id)}>
                    {r.name}
                  </button>
                </th>
                <td title={r.scores ? r.scores.dice.toFixed(6) : undefined}>{score(r.scores?.dice)}</td>
                <td>{score(r.scores?.iou)}</td>
                <td>{score(r.scores?.precision)}</td>
                <td>{score(r.scores?.recall)}</td>
                <td>{r.areaPx ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </details>
  );
}
