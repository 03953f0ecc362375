/**
 * Mean Dice over all pairs against the threshold (binary models), with the best threshold marked
 * and a button that sets it; the figures are those the metrics table shows at each threshold.
 */
import { diceCurve } from '../state/selectors';
import { LineChart } from './LineChart';
import { useStudio } from './studioContext';

export function DiceCurve() {
  const curve = useStudio(diceCurve);
  const threshold = useStudio((s) => s.threshold);
  const setThreshold = useStudio((s) => s.setThreshold);
  if (!curve) return null;
  const best = curve.best;
  const bestIndex = curve.thresholds.indexOf(best.threshold);
  const label = best.threshold.toFixed(2);
  return (
    <section className="dice-curve" aria-label="Dice against threshold" data-testid="dice-curve" data-best-threshold={best.threshold} data-best-dice={best.dice}>
      <LineChart
        title={`Mean Dice of ${curve.count} pair${curve.count === 1 ? '' : 's'} against the threshold`}
        xLabel="threshold"
        xRange={[0, 1]}
        testId="dice-curve.chart"
        series={[{ label: 'mean Dice', values: curve.dice, colour: '#0060a0', bounds: [0, 1] }]}
        marker={{ index: bestIndex, label: `best ${label}: ${best.dice.toFixed(3)}` }}
      />
      <p className="row small">
        <span data-testid="dice-curve.best">
          Best threshold {label}: mean Dice {best.dice.toFixed(4)}
        </span>
        <button type="button" data-testid="dice-curve.use" disabled={Math.abs(threshold - best.threshold) < 1e-9} onClick={() => setThreshold(best.threshold)}>
          Use {label}
        </button>
      </p>
    </section>
  );
}
