/**
 * Below the metrics and the export: the Dice-against-threshold curve and the per-image table
 * (folded, so the first screen stays the same). Binary models only: a model of several classes
 * has per-class scores and, with a softmax, no threshold.
 */
import { DiceCurve } from './DiceCurve';
import { StudyTable } from './StudyTable';
import { useStudio } from './studioContext';

export function StudyOverview() {
  const any = useStudio((s) => s.items.length > 0);
  const several = useStudio((s) => (s.ready?.model.classes.length ?? 1) > 1);
  if (!any || several) return null;
  return (
    <section className="study" aria-label="Study overview">
      <h2>Study</h2>
      <DiceCurve />
      <StudyTable />
    </section>
  );
}
