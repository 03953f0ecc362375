/**
 * The key to the overlay under the image: what each colour means in the style and palette in use
 * (TP / FP / FN, the mask, the outline) and the probability scale of the heatmap with the threshold
 * marked. Drawn from the same colour tables as the overlay so the two cannot disagree.
 */
import { HEAT_STOPS, type OverlayStyle, type PaletteName, PALETTES } from '../image/overlay';

const rgb = (c: readonly number[]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

function Swatch({ colour, label }: { colour: readonly number[]; label: string }) {
  return (
    <span className="legend-entry">
      <span className="swatch" style={{ background: rgb(colour) }} aria-hidden="true" />
      {label}
    </span>
  );
}

export function OverlayLegend({ style, palette, threshold, hasTruth }: { style: OverlayStyle; palette: PaletteName; threshold: number; hasTruth: boolean }) {
  const colours = PALETTES[palette];
  const t = threshold.toFixed(3);
  let body;
  if (style === 'heatmap') {
    const gradient = `linear-gradient(to right, ${HEAT_STOPS.map(rgb).join(', ')})`;
    body = (
      <span className="legend-entry heat-scale">
        Probability
        <span className="heat-bar" style={{ background: gradient }} aria-hidden="true">
          <span className="heat-threshold" style={{ left: `${threshold * 100}%` }} title={`threshold ${t}`} />
        </span>
        <span className="heat-ticks" aria-hidden="true">
          <span>0</span>
          <span>0.5</span>
          <span>1</span>
        </span>
        <span className="visually-hidden">from 0 (dark violet, transparent) to 1 (yellow, opaque); the mark is the threshold {t}</span>
      </span>
    );
  } else if (style === 'errors' && hasTruth) {
    body = (
      <>
        <Swatch colour={colours.truePositive} label="true positive" />
        <Swatch colour={colours.falsePositive} label="false positive (model only)" />
        <Swatch colour={colours.falseNegative} label="false negative (ground truth only)" />
      </>
    );
  } else if (style === 'outline') {
    body = (
      <>
        <Swatch colour={colours.outline} label={`edge of the model's mask (p ≥ ${t})`} />
        {hasTruth && <Swatch colour={colours.truthOutline} label="edge of the ground truth" />}
      </>
    );
  } else {
    body = (
      <>
        <Swatch colour={colours.mask} label={`model's mask (p ≥ ${t})`} />
        {style === 'errors' && <span className="muted"> · no ground truth for this image, so no TP / FP / FN</span>}
      </>
    );
  }
  return (
    <p className="overlay-legend small" data-testid="viewer.legend" data-style={style}>
      {body}
    </p>
  );
}
