/** Dice, IoU, precision and recall for the selected pair and the mean over all pairs, live with the threshold. */
import { BoundaryMetrics } from './BoundaryMetrics';
import { describeMaskReading } from '../image/maskReading';
import { type Scores } from '../metrics/scores';
import { itemScores, meanOverPairs, selectedItem } from '../state/selectors';
import { useStudio } from './studioContext';
import { classAnnouncement, ClassMetrics } from './ClassMetrics';
import { ScoresHead } from './ScoresHead';

function Row({ label, scores, testId }: { label: string; scores: Scores; testId: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{label}</th>
      <td data-testid={`${testId}.dice`} data-value={scores.dice}>{scores.dice.toFixed(4)}</td>
      <td>{scores.iou.toFixed(4)}</td>
      <td>{scores.precision.toFixed(4)}</td>
      <td>{scores.recall.toFixed(4)}</td>
    </tr>
  );
}

/**
 * What the page's one polite live region says: the selected image's Dice first (so moving through
 * the list is heard image by image), then the mean; it changes with the selection and the threshold.
 */
function announcement(name: string | null, selected: Scores | null, mean: { scores: Scores | null; count: number }): string {
  const parts: string[] = [];
  if (name) parts.push(selected ? `${name}: Dice ${selected.dice.toFixed(3)}.` : `${name}: no ground truth to score.`);
  if (mean.scores) parts.push(`Mean Dice ${mean.scores.dice.toFixed(3)} over ${mean.count} pair${mean.count === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** A stable empty list: a selector returning a new [] each time would re-render forever. */
const NO_CLASSES: readonly never[] = [];

export function MetricsPanel() {
  const threshold = useStudio((s) => s.threshold);
  const item = useStudio(selectedItem);
  const items = useStudio((s) => s.items);
  const mean = meanOverPairs({ items, threshold });
  const selected = item ? itemScores(item, threshold) : null;
  const classes = useStudio((s) => s.ready?.model.classes ?? NO_CLASSES);
  const pairsWaiting = items.filter((i) => i.mask && !i.mask.error && !i.mask.histogram && i.status !== 'error').length;
  if (!selected && !mean.scores) return null;
  const several = classes.length > 1;
  return (
    <section className="metrics" aria-label="Metrics">
      {several ? (
        <ClassMetrics classes={classes} />
      ) : (
        <table>
          <caption>
            Against the ground truth at its own resolution, over the region the model saw; threshold {threshold.toFixed(3)}
          </caption>
          <ScoresHead rowHeader="Image" />
          <tbody>
            {selected && item && <Row label={item.name} scores={selected} testId="metrics.selected" />}
            {mean.scores && <Row label={`Mean of ${mean.count} pair${mean.count === 1 ? '' : 's'}`} scores={mean.scores} testId="metrics.mean" />}
          </tbody>
        </table>
      )}
      {!several && <BoundaryMetrics />}
      <p className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="metrics.announcement">
        {several ? classAnnouncement(items, item) : announcement(item?.name ?? null, selected, mean)}
      </p>
      {!several && item?.mask?.reading && item.mask.reading.kind !== 'binary' && (
        <p className="muted small" data-testid="metrics.mask-reading">
          Ground truth {item.mask.source.path.slice(item.mask.source.path.lastIndexOf('/') + 1)}: read as {describeMaskReading(item.mask.reading)}
        </p>
      )}
      {pairsWaiting > 0 && <p className="muted small" data-testid="metrics.waiting">{pairsWaiting} more pair(s) still running</p>}
    </section>
  );
}
