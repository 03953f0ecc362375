/**
 * HD95 and ASSD of the selected pair at the threshold (metrics/surfaceDistance.ts), in pixels and,
 * when the file gives its pixel spacing, in mm. Computed in the measuring worker: two distance
 * transforms of a 4000×3000 image take about a second, too long for a render.
 */
import { useState } from 'react';
import { selectedItem } from '../state/selectors';
import { type BoundaryDistances } from '../worker/engineApi';
import { measureService } from '../worker/client';
import { useStudio } from './studioContext';
import { useRestingRequest } from './useRestingRequest';

const fmt = (v: number | undefined, digits: number) => (v === undefined ? '–' : v.toFixed(digits));

export function BoundaryMetrics() {
  const threshold = useStudio((s) => s.threshold);
  const item = useStudio(selectedItem);
  const segmentation = item?.segmentation ?? null;
  const size = item?.size ?? null;
  const truth = item?.mask?.error ? null : (item?.mask?.truth ?? null);
  const spacing = item?.scan?.pixelSpacing ?? null;
  const [measured, setMeasured] = useState<{ of: unknown; at: number; distances: BoundaryDistances | null } | null>(null);
  useRestingRequest(
    segmentation && size && truth
      ? (isCurrent) =>
          void measureService()
            .boundary({ segmentation, width: size.width, height: size.height, threshold, truth, spacing })
            .then((distances) => isCurrent() && setMeasured({ of: segmentation, at: threshold, distances }))
            .catch(() => isCurrent() && setMeasured({ of: segmentation, at: threshold, distances: null }))
      : null,
    [segmentation, size, threshold, truth, spacing],
  );
  if (!item || !truth || !segmentation) return null;
  // An answer is shown only for the segmentation and threshold it was measured at.
  const d = measured && measured.of === segmentation && measured.at === threshold ? measured.distances : null;
  const text = !d
    ? 'HD95 and ASSD: measuring…'
    : !d.px
      ? 'HD95 and ASSD: not defined (the model’s mask or the ground truth is empty)'
      : `HD95 ${fmt(d.px.hd95, 1)} px, ASSD ${fmt(d.px.assd, 2)} px` + (d.mm ? ` (${fmt(d.mm.hd95, 2)} mm, ${fmt(d.mm.assd, 2)} mm)` : ' (no pixel spacing in the file: pixels only)');
  return (
    <p className="small" data-testid="metrics.boundary" data-hd95-px={d?.px?.hd95 ?? ''} data-assd-px={d?.px?.assd ?? ''} title="95th-percentile Hausdorff distance and average symmetric surface distance between the surfaces of the model's mask and the ground truth (MONAI's definitions), over the whole image">
      {text}
    </p>
  );
}
