/**
 * A small SVG line chart for training curves (no library: a few hundred points, two axes). Each
 * series is drawn against its own axis — left (e.g. loss) or right (e.g. Dice) — scaled to its
 * data, so a loss of 0.05 and a Dice of 0.985 are both readable; the x axis counts batches or
 * epochs from 1, or spans a given range of values (e.g. thresholds 0–1, `xRange`). A marker can
 * pick out one point (e.g. the best threshold). Margins grow with the longest tick label, so
 * labels are never clipped.
 */
import { countTicks, formatTick, niceScale, type Scale } from './chartScale';

export interface Series {
  readonly label: string;
  readonly values: readonly (number | null)[];
  readonly colour: string;
  /** Which y axis the series is drawn against (default left). */
  readonly axis?: 'left' | 'right';
  /** What the quantity can be at most, e.g. [0, 1] for Dice: the axis never goes beyond. */
  readonly bounds?: readonly [number, number];
}

interface Props {
  readonly title: string;
  readonly series: readonly Series[];
  /** What the x axis counts, e.g. "batch" or "epoch". */
  readonly xLabel: string;
  readonly testId?: string;
  /** The x values the points span, evenly, first to last (e.g. [0, 1] for thresholds); absent: counts from 1. */
  readonly xRange?: readonly [number, number];
  /** A point to mark with a dashed vertical line and a label (index into the series' values). */
  readonly marker?: { readonly index: number; readonly label: string };
}

const W = 340;
const H = 150;
const TOP = 10;
const BOTTOM = 32;
/** Width of one character of the 9-px tick font, generously, in viewBox units. */
const CHAR = 5.6;

const finite = (values: readonly (number | null)[]) => values.filter((v): v is number => v !== null && Number.isFinite(v));

function axisScale(series: readonly Series[]): Scale | null {
  const values = series.flatMap((s) => finite(s.values));
  const lo = Math.max(...series.map((s) => s.bounds?.[0] ?? -Infinity));
  const hi = Math.min(...series.map((s) => s.bounds?.[1] ?? Infinity));
  return values.length > 0 ? niceScale(Math.min(...values), Math.max(...values), 4, [lo, hi]) : null;
}

const labelWidth = (scale: Scale | null) => (scale ? Math.max(...scale.ticks.map((t) => formatTick(t, scale.decimals).length)) * CHAR + 10 : 8);

export function LineChart({ title, series, xLabel, testId, xRange, marker }: Props) {
  const left = series.filter((s) => (s.axis ?? 'left') === 'left');
  const right = series.filter((s) => s.axis === 'right');
  const leftScale = axisScale(left);
  const rightScale = axisScale(right);
  const x0 = labelWidth(leftScale) + 12;
  const x1 = W - (right.length > 0 ? labelWidth(rightScale) + 12 : 10);
  const y0 = H - BOTTOM;
  const longest = Math.max(1, ...series.map((s) => s.values.length));
  const x = (i: number) => x0 + (longest === 1 ? (x1 - x0) / 2 : (i / (longest - 1)) * (x1 - x0));
  const y = (scale: Scale, v: number) => y0 - ((v - scale.lo) / (scale.hi - scale.lo || 1)) * (y0 - TOP);
  const points = series.reduce((n, s) => n + finite(s.values).length, 0);
  const axisTitle = (list: readonly Series[]) => list.map((s) => s.label).join(', ');
  const xScale = xRange ? niceScale(xRange[0], xRange[1], 5) : null;
  // Ticks as [position in points, label]: values over the range, or counts from 1.
  const xTicks: [number, string][] = xRange && xScale
    ? xScale.ticks.filter((t) => t >= xRange[0] - 1e-9 && t <= xRange[1] + 1e-9).map((t) => [((t - xRange[0]) / (xRange[1] - xRange[0] || 1)) * (longest - 1), formatTick(t, xScale.decimals)])
    : countTicks(longest).map((n) => [n - 1, String(n)]);
  const extent = xRange ? `over ${xLabel} ${xRange[0]}–${xRange[1]}` : `after ${longest} ${xLabel}${longest === 1 ? '' : 's'}`;
  const markerScale = leftScale ?? rightScale;
  return (
    <figure className="chart" data-testid={testId} data-points={points}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${xRange ? '' : `${series.map((s) => `${s.label} ${s.values.at(-1)?.toFixed(3) ?? '–'}`).join(', ')} `}${extent}${marker ? `; ${marker.label}` : ''}`}>
        <line x1={x0} y1={TOP} x2={x0} y2={y0} className="axis" />
        <line x1={x0} y1={y0} x2={x1} y2={y0} className="axis" />
        {right.length > 0 && <line x1={x1} y1={TOP} x2={x1} y2={y0} className="axis" />}
        {leftScale &&
          leftScale.ticks.map((t) => (
            <g key={`l${t}`}>
              <line x1={x0 - 3} x2={x1} y1={y(leftScale, t)} y2={y(leftScale, t)} className="grid" />
              <text x={x0 - 5} y={y(leftScale, t) + 3} textAnchor="end" className="tick" data-testid={testId && `${testId}.left-tick`} fill={left.length === 1 ? left[0].colour : undefined}>
                {formatTick(t, leftScale.decimals)}
              </text>
            </g>
          ))}
        {rightScale &&
          rightScale.ticks.map((t) => (
            <text key={`r${t}`} x={x1 + 5} y={y(rightScale, t) + 3} textAnchor="start" className="tick" data-testid={testId && `${testId}.right-tick`} fill={right[0].colour}>
              {formatTick(t, rightScale.decimals)}
            </text>
          ))}
        {xTicks.map(([at, label]) => (
          <text key={`x${label}`} x={x(at)} y={y0 + 12} textAnchor="middle" className="tick" data-testid={testId && `${testId}.x-tick`}>
            {label}
          </text>
        ))}
        {marker && markerScale && (
          <g data-testid={testId && `${testId}.marker`}>
            <line x1={x(marker.index)} x2={x(marker.index)} y1={TOP} y2={y0} className="marker" />
            <text x={x(marker.index) + (marker.index > (longest - 1) / 2 ? -3 : 3)} y={y0 - 4} textAnchor={marker.index > (longest - 1) / 2 ? 'end' : 'start'} className="tick marker-label">
              {marker.label}
            </text>
          </g>
        )}
        <text x={(x0 + x1) / 2} y={H - 4} textAnchor="middle" className="axis-title">
          {xLabel}
        </text>
        {left.length > 0 && (
          <text className="axis-title" textAnchor="middle" transform={`translate(9 ${(TOP + y0) / 2}) rotate(-90)`}>
            {axisTitle(left)}
          </text>
        )}
        {right.length > 0 && (
          <text className="axis-title" textAnchor="middle" transform={`translate(${W - 3} ${(TOP + y0) / 2}) rotate(-90)`}>
            {axisTitle(right)}
          </text>
        )}
        {series.map((s) => {
          const scale = s.axis === 'right' ? rightScale : leftScale;
          if (!scale) return null;
          const at = s.values.flatMap((v, i) => (v === null || !Number.isFinite(v) ? [] : [[x(i), y(scale, v)] as const]));
          return at.length > 1 ? (
            <polyline key={s.label} points={at.map(([px, py]) => `${px.toFixed(1)},${py.toFixed(1)}`).join(' ')} fill="none" stroke={s.colour} strokeWidth={1.5} />
          ) : at.length === 1 ? (
            <circle key={s.label} cx={at[0][0]} cy={at[0][1]} r={2.5} fill={s.colour} />
          ) : null;
        })}
      </svg>
      <figcaption>
        {title}:{' '}
        {series.map((s) => (
          <span key={s.label} className="legend" style={{ color: s.colour }}>
            — {s.label}
            {right.length > 0 ? ` (${s.axis === 'right' ? 'right' : 'left'} axis)` : ''}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
