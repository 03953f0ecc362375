/**
 * The viewer's compare controls: what the prediction is compared with (ground truth, another
 * model, or nothing), swipe or flip, the flip itself (F), the second model, and which side is on
 * screen. A compare that cannot run for this image is disabled with its reason beside it.
 */
import { useMemo } from 'react';
import { compareReasons } from '../state/compareReasons';
import { type ImageItem } from '../state/types';
import { useStudio } from './studioContext';
import { type CompareSides } from './useCompareSides';

interface Props {
  readonly item: ImageItem;
  /** What is being compared; null while the compare is off or cannot run. */
  readonly sides: CompareSides | null;
}

export function CompareBar({ item, sides }: Props) {
  const compare = useStudio((s) => s.compare);
  const library = useStudio((s) => s.library);
  const activeModelId = useStudio((s) => s.activeModelId);
  const setMode = useStudio((s) => s.setCompareMode);
  const setView = useStudio((s) => s.setCompareView);
  const flip = useStudio((s) => s.flipCompare);
  const setOtherModel = useStudio((s) => s.setOtherModel);
  const reasons = useMemo(() => compareReasons(item, library, activeModelId), [item, library, activeModelId]);
  const others = useMemo(() => library.filter((e) => e.id !== activeModelId), [library, activeModelId]);
  const on = sides !== null;
  const shown = sides && (compare.flipped ? sides.right : sides.left);
  return (
    <div className="row compare-bar" role="toolbar" aria-label="Compare" data-testid="compare.bar">
      <span>Compare:</span>
      <button type="button" data-testid="compare.off" aria-pressed={!on} onClick={() => setMode('off')}>
        Off
      </button>
      <button
        type="button"
        data-testid="compare.truth"
        aria-pressed={on && compare.mode === 'truth'}
        disabled={reasons.truth !== null}
        aria-describedby={reasons.truth ? 'compare-truth-reason' : undefined}
        title="The prediction and the ground truth: swipe a divider between them, or flip (F)"
        onClick={() => setMode('truth')}
      >
        Prediction ↔ Ground truth
      </button>
      <button
        type="button"
        data-testid="compare.model"
        aria-pressed={on && compare.mode === 'model'}
        disabled={reasons.model !== null}
        aria-describedby={reasons.model ? 'compare-model-reason' : undefined}
        title="This model's prediction and another model's, on this image"
        onClick={() => setMode('model')}
      >
        Two models
      </button>
      {compare.mode === 'model' && reasons.model === null && (
        <select aria-label="Model to compare with" data-testid="compare.other-model" value={compare.otherModelId ?? ''} onChange={(e) => setOtherModel(e.target.value || null)}>
          <option value="">Choose a model…</option>
          {others.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name}
            </option>
          ))}
        </select>
      )}
      {on && (
        <>
          <button type="button" data-testid="compare.swipe" aria-pressed={compare.view === 'swipe'} onClick={() => setView('swipe')}>
            Swipe
          </button>
          <button type="button" data-testid="compare.flip" aria-pressed={compare.view === 'flip'} title="Show the other one (F)" onClick={flip}>
            Flip (F)
          </button>
          <output data-testid="compare.status" data-side={compare.view === 'flip' ? (compare.flipped ? 'right' : 'left') : 'both'}>
            {compare.view === 'flip' && shown ? `Showing: ${shown.name}` : `Left: ${sides.left.name} · Right: ${sides.right.name}`}
          </output>
        </>
      )}
      {reasons.truth && (
        <span className="muted small" id="compare-truth-reason" data-testid="compare.truth-reason">
          Ground truth: {reasons.truth}.
        </span>
      )}
      {reasons.model && (
        <span className="muted small" id="compare-model-reason" data-testid="compare.model-reason">
          Two models: {reasons.model}.
        </span>
      )}
    </div>
  );
}
