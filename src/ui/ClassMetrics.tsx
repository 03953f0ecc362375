/**
 * The metrics of a model of several classes: Dice, IoU, precision and recall of each class (one
 * against the rest) for the selected image and as the mean over the pairs, their mean over the
 * foreground classes (never background), and the confusion matrix over classes. A class absent
 * from both the truth and the prediction of an image is not scored on it ("–"), not counted as 1.
 */
import { meanScores, type Scores } from '../metrics/scores';
import { type ClassInfo } from '../model/classes';
import { binaryMaskHint, type ConfusionMatrix } from '../metrics/multiClass';
import { classMeansOverPairs, itemClassScores, selectedItem } from '../state/selectors';
import { useStudio } from './studioContext';
import { ClassBoundary } from './ClassBoundary';
import { ScoresHead } from './ScoresHead';

const cell = (s: Scores | null, key: keyof Scores) => (s ? s[key].toFixed(4) : '–');

function ClassRows({ who, scores, mean, classes, testId }: { who: string; scores: readonly (Scores | null)[]; mean: Scores | null; classes: readonly ClassInfo[]; testId: string }) {
  return (
    <>
      {classes.map((c, k) => (
        <tr key={c.name} data-testid={`${testId}.class-${k + 1}`}>
          <th scope="row">
            <span className="swatch" style={{ background: c.color }} aria-hidden="true" /> {who} · {c.name}
          </th>
          <td data-testid={`${testId}.class-${k + 1}.dice`} data-value={scores[k]?.dice ?? ''}>{cell(scores[k], 'dice')}</td>
          <td>{cell(scores[k], 'iou')}</td>
          <td>{cell(scores[k], 'precision')}</td>
          <td>{cell(scores[k], 'recall')}</td>
        </tr>
      ))}
      <tr data-testid={`${testId}.mean`} className="class-mean">
        <th scope="row">{who} · mean of the classes</th>
        <td data-testid={`${testId}.mean.dice`} data-value={mean?.dice ?? ''}>{cell(mean, 'dice')}</td>
        <td>{cell(mean, 'iou')}</td>
        <td>{cell(mean, 'precision')}</td>
        <td>{cell(mean, 'recall')}</td>
      </tr>
    </>
  );
}

/** The mean over the classes scored on an image (scores.ts's mean; classes absent from both sides left out). */
const meanOf = (scores: readonly (Scores | null)[]): Scores | null => meanScores(scores.filter((s): s is Scores => s !== null));

/** Rows: true class; columns: predicted class; pixel counts. */
export function ConfusionTable({ matrix, names, caption, testId }: { matrix: ConfusionMatrix; names: readonly string[]; caption: string; testId: string }) {
  const { classes, counts } = matrix;
  return (
    <table className="confusion small" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">true ↓ · predicted →</th>
          {names.map((n) => (
            <th scope="col" key={n}>{n}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {names.map((n, t) => (
          <tr key={n}>
            <th scope="row">{n}</th>
            {Array.from({ length: classes }, (_, p) => (
              <td key={p} data-testid={`${testId}.${t}.${p}`}>{counts[t * classes + p]}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ClassMetrics({ classes }: { classes: readonly ClassInfo[] }) {
  const item = useStudio(selectedItem);
  const items = useStudio((s) => s.items);
  const selected = item ? itemClassScores(item) : null;
  const all = classMeansOverPairs(items);
  const names = ['background', ...classes.map((c) => c.name)];
  const selectedMatrix = item?.mask?.classConfusion;
  const truthNote = selectedMatrix ? binaryMaskHint(selectedMatrix.matrix, classes) : null;
  return (
    <>
      <table data-testid="metrics.classes">
        <caption>Each class against the rest, at the ground truth's resolution; mean over the foreground classes scored</caption>
        <ScoresHead rowHeader="Image and class" />
        <tbody>
          {selected && item && <ClassRows who={item.name} scores={selected} mean={meanOf(selected)} classes={classes} testId="metrics.selected" />}
          {all && <ClassRows who={`Mean of ${all.count} pair${all.count === 1 ? '' : 's'}`} scores={all.perClass} mean={all.mean} classes={classes} testId="metrics.mean" />}
        </tbody>
      </table>
      <ClassBoundary classes={classes} />
      {truthNote && item && (
        <p className="hint small" data-testid="metrics.truth-note">
          {item.name}: {truthNote}
        </p>
      )}
      {item?.mask?.labelsError && (
        <p className="error small" data-testid="metrics.labels-error">
          {item.name}: {item.mask.labelsError}
        </p>
      )}
      <details className="small">
        <summary>Confusion matrix over classes (pixels)</summary>
        {selectedMatrix && item && (
          <ConfusionTable matrix={selectedMatrix.matrix} names={names} caption={item.name} testId="metrics.confusion.selected" />
        )}
        {all && <ConfusionTable matrix={all.matrix} names={names} caption={`All ${all.count} pairs`} testId="metrics.confusion.all" />}
      </details>
    </>
  );
}

/** The selected image's and the pairs' mean Dice over classes, for the live announcement. */
export function classAnnouncement(items: Parameters<typeof classMeansOverPairs>[0], selected: ReturnType<typeof selectedItem>): string {
  const parts: string[] = [];
  const scores = selected ? itemClassScores(selected) : null;
  const mine = scores ? meanOf(scores) : null;
  if (selected) parts.push(mine ? `${selected.name}: mean Dice over classes ${mine.dice.toFixed(3)}.` : `${selected.name}: not scored per class.`);
  const all = classMeansOverPairs(items);
  if (all?.mean) parts.push(`Mean Dice over classes ${all.mean.dice.toFixed(3)} over ${all.count} pair${all.count === 1 ? '' : 's'}`);
  return parts.join(' ');
}
