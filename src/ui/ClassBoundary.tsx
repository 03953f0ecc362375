/**
 * Each class's HD95 and ASSD on the selected pair (metrics/multiClass.ts classSurfaceDistances,
 * MONAI's definitions and rules: ∞ when a class is on one side only, nothing when on neither), in
 * pixels and, when the file gives its spacing, in mm. Computed in the measuring worker, as the
 * binary BoundaryMetrics is: one distance transform pair per class is too slow for a render.
 */
import { useState } from 'react';
import { type ClassSurface } from '../metrics/multiClass';
import { type ClassInfo } from '../model/classes';
import { selectedItem } from '../state/selectors';
import { measureService } from '../worker/client';
import { useStudio } from './studioContext';
import { useRestingRequest } from './useRestingRequest';

const fmt = (v: number | undefined, digits: number) => (v === undefined ? '–' : Number.isFinite(v) ? v.toFixed(digits) : '∞');

export function ClassBoundary({ classes }: { classes: readonly ClassInfo[] }) {
  const threshold = useStudio((s) => s.threshold);
  const item = useStudio(selectedItem);
  const segmentation = item?.segmentation ?? null;
  const truth = item?.mask?.error ? null : (item?.mask?.labels ?? null);
  const spacing = item?.scan?.pixelSpacing ?? null;
  const [measured, setMeasured] = useState<{ of: unknown; at: number; surfaces: ClassSurface[] | null } | null>(null);
  useRestingRequest(
    segmentation && truth
      ? (isCurrent) =>
          void measureService()
            .classBoundary({ segmentation, threshold, truth, classes: classes.length + 1, spacing })
            .then((surfaces) => isCurrent() && setMeasured({ of: segmentation, at: threshold, surfaces }))
            .catch(() => isCurrent() && setMeasured({ of: segmentation, at: threshold, surfaces: null }))
      : null,
    [segmentation, threshold, truth, classes.length, spacing],
  );
  if (!item || !truth || !segmentation) return null;
  const surfaces = measured && measured.of === segmentation && measured.at === threshold ? measured.surfaces : null;
  return (
    <table className="small" data-testid="metrics.class-boundary" title="95th-percentile Hausdorff distance and average symmetric surface distance between each class's surfaces in the model's label map and the ground truth (MONAI's definitions)">
      <caption>{item.name}: boundary distances per class{spacing ? '' : ' (no pixel spacing in the file: pixels only)'}</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          <th scope="col">HD95 (px)</th>
          <th scope="col">ASSD (px)</th>
          {spacing && <th scope="col">HD95 (mm)</th>}
          {spacing && <th scope="col">ASSD (mm)</th>}
        </tr>
      </thead>
      <tbody>
        {classes.map((c, k) => {
          const s = surfaces?.find((x) => x.classIndex === k + 1);
          return (
            <tr key={c.name} data-testid={`metrics.class-boundary.class-${k + 1}`} data-hd95-px={s?.px?.hd95 ?? ''}>
              <th scope="row">{c.name}</th>
              <td>{surfaces ? fmt(s?.px?.hd95, 1) : 'measuring…'}</td>
              <td>{surfaces ? fmt(s?.px?.assd, 2) : ''}</td>
              {spacing && <td>{fmt(s?.mm?.hd95, 2)}</td>}
              {spacing && <td>{fmt(s?.mm?.assd, 2)}</td>}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
