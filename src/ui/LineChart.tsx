/** A small SVG line chart for training curves: no library needed for a few hundred points. */

export interface Series {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly colour: string;
}

interface Props {
  readonly title: string;
  readonly series: readonly Series[];
  readonly testId?: string;
  readonly yMin?: number;
  readonly yMax?: number;
}

const W = 320;
const H = 120;
const PAD = 28;

export function LineChart({ title, series, testId, yMin, yMax }: Props) {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const lo = yMin ?? Math.min(...all, Infinity);
  const hi = yMax ?? Math.max(...all, -Infinity);
  const span = hi - lo || 1;
  const longest = Math.max(1, ...series.map((s) => s.values.length));
  const x = (i: number) => PAD + (longest === 1 ? 0 : (i / (longest - 1)) * (W - PAD - 8));
  const y = (v: number) => H - PAD + 8 - ((v - lo) / span) * (H - PAD);
  return (
    <figure className="chart" data-testid={testId} data-points={all.length}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${series.map((s) => `${s.label} ${s.values.at(-1)?.toFixed(3) ?? '–'}`).join(', ')}`}>
        <line x1={PAD} y1={8} x2={PAD} y2={H - PAD + 8} className="axis" />
        <line x1={PAD} y1={H - PAD + 8} x2={W - 8} y2={H - PAD + 8} className="axis" />
        {all.length > 0 && (
          <>
            <text x={PAD - 4} y={12} textAnchor="end" className="tick">
              {hi.toPrecision(2)}
            </text>
            <text x={PAD - 4} y={H - PAD + 8} textAnchor="end" className="tick">
              {lo.toPrecision(2)}
            </text>
          </>
        )}
        {series.map((s) => {
          const points = s.values.map((v, i) => (v === null || !Number.isFinite(v) ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`)).filter(Boolean);
          return points.length > 1 ? (
            <polyline key={s.label} points={points.join(' ')} fill="none" stroke={s.colour} strokeWidth={1.5} />
          ) : points.length === 1 ? (
            <circle key={s.label} cx={points[0]!.split(',')[0]} cy={points[0]!.split(',')[1]} r={2.5} fill={s.colour} />
          ) : null;
        })}
      </svg>
      <figcaption>
        {title}:{' '}
        {series.map((s) => (
          <span key={s.label} className="legend" style={{ color: s.colour }}>
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
