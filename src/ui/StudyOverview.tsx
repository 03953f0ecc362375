/** Below the metrics and the export: the Dice-against-threshold curve and the per-image table (folded, so the first screen stays the same). */
import { DiceCurve } from './DiceCurve';
import { StudyTable } from './StudyTable';
import { useStudio } from './studioContext';

export function StudyOverview() {
  const any = useStudio((s) => s.items.length > 0);
  if (!any) return null;
  return (
    <section className="study" aria-label="Study overview">
      <h2>Study</h2>
      <DiceCurve />
      <StudyTable />
    </section>
  );
}
