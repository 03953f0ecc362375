/**
 * The key to a multi-class overlay: each class's colour and name with a switch to show or hide it,
 * and which class the heatmap and the TP / FP / FN view show. The colours are the class table's
 * (model settings), so the legend and the overlay cannot disagree.
 */
import { HEAT_STOPS, PALETTES } from '../image/overlay';
import { type ClassInfo } from '../model/classes';
import { useStudio } from './studioContext';

const rgb = (c: readonly number[]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

export function ClassLegend({ classes, hasTruth }: { classes: readonly ClassInfo[]; hasTruth: boolean }) {
  const style = useStudio((s) => s.overlay);
  const palette = useStudio((s) => s.palette);
  const hidden = useStudio((s) => s.hiddenClasses);
  const chosen = useStudio((s) => Math.min(s.chosenClass, classes.length));
  const setClassShown = useStudio((s) => s.setClassShown);
  const setChosenClass = useStudio((s) => s.setChosenClass);
  const opacity = useStudio((s) => s.classOpacity);
  const setOpacity = useStudio((s) => s.setClassOpacity);
  const oneClass = style === 'heatmap' || (style === 'errors' && hasTruth);
  const colours = PALETTES[palette];
  return (
    <div className="overlay-legend class-legend small" data-testid="viewer.legend" data-style={style}>
      {oneClass ? (
        <label>
          {style === 'heatmap' ? 'Probability of ' : 'Errors of '}
          <select value={chosen} onChange={(e) => setChosenClass(Number(e.target.value))} data-testid="viewer.chosen-class">
            {classes.map((c, k) => (
              <option key={c.name} value={k + 1}>
                {c.name}
              </option>
            ))}
          </select>
          {style === 'heatmap' ? (
            <span className="heat-bar" style={{ background: `linear-gradient(to right, ${HEAT_STOPS.map(rgb).join(', ')})` }} aria-hidden="true" />
          ) : (
            <>
              {' '}
              <span className="swatch" style={{ background: rgb(colours.truePositive) }} aria-hidden="true" /> true positive{' '}
              <span className="swatch" style={{ background: rgb(colours.falsePositive) }} aria-hidden="true" /> false positive{' '}
              <span className="swatch" style={{ background: rgb(colours.falseNegative) }} aria-hidden="true" /> false negative
            </>
          )}
        </label>
      ) : (
        <fieldset className="class-switches">
          <legend className="visually-hidden">Classes shown</legend>
          {classes.map((c, k) => (
            <span key={c.name} className="legend-entry">
              <label>
                <input type="checkbox" checked={!hidden.includes(k + 1)} onChange={(e) => setClassShown(k + 1, e.target.checked)} data-testid={`viewer.class-${k + 1}`} />
                <span className="swatch" style={{ background: c.color }} aria-hidden="true" />
                {c.name}
              </label>
              <input
                type="range"
                min={0}
                max={1}
                step={0.05}
                value={opacity[k + 1] ?? 1}
                aria-label={`Opacity of ${c.name}`}
                onChange={(e) => setOpacity(k + 1, Number(e.target.value))}
                data-testid={`viewer.class-${k + 1}.opacity`}
                style={{ width: '4em' }}
              />
            </span>
          ))}
          {style === 'outline' && hasTruth && (
            <span className="legend-entry" data-testid="viewer.legend.truth-edge">
              <span className="swatch" style={{ background: rgb(colours.truthOutline) }} aria-hidden="true" /> edge of the ground truth
            </span>
          )}
          <span className="muted"> · the most probable class at each pixel (softmax), or each class above the threshold (sigmoids)</span>
        </fieldset>
      )}
    </div>
  );
}
