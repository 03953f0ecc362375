/** The printable summary: its figures (mean ± SD), the per-image rows, HTML escaped, nothing fetched. */
import { describe, expect, it } from 'vitest';
import { meanAndSd, studySummaryHtml } from './studySummary';

describe('meanAndSd', () => {
  it('gives the mean and the sample SD', () => {
    expect(meanAndSd([])).toBeNull();
    expect(meanAndSd([0.5])).toEqual({ mean: 0.5, sd: 0 });
    const s = meanAndSd([0.8, 0.9, 1]);
    expect(s?.mean).toBeCloseTo(0.9, 12);
    expect(s?.sd).toBeCloseTo(0.1, 12);
  });
});

describe('studySummaryHtml', () => {
  const html = studySummaryHtml({
    model: 'unet-hc18-b16',
    card: 'Trained on HC18 <Grand Challenge> data',
    backend: 'wasm',
    threshold: 0.43,
    created: '2026-11-30',
    rows: [
      { name: 'scan1.png', scores: { dice: 0.8, iou: 0.7, precision: 0.9, recall: 0.75 }, areaPx: 1200 },
      { name: '<img src=x onerror=alert(1)>&"b".png', scores: { dice: 1, iou: 0.9, precision: 0.7, recall: 0.85 }, areaPx: 900 },
      { name: 'no-truth.png', scores: null, areaPx: 50 },
    ],
  });

  it('has the model, its card, the backend, the threshold and mean ± SD of each score', () => {
    expect(html).toContain('<strong>unet-hc18-b16</strong>');
    expect(html).toContain('Trained on HC18 &lt;Grand Challenge&gt; data');
    expect(html).toContain('Backend wasm · threshold 0.430 · 3 images, 2 with ground truth');
    // Dice 0.8, 1: mean 0.9, SD √0.02 = 0.1414; recall 0.75, 0.85: 0.8 ± 0.0707.
    expect(html).toContain('<th scope="row">Dice</th><td>0.9000 ± 0.1414</td>');
    expect(html).toContain('<th scope="row">IoU</th><td>0.8000 ± 0.1414</td>');
    expect(html).toContain('<th scope="row">Precision</th><td>0.8000 ± 0.1414</td>');
    expect(html).toContain('<th scope="row">Recall</th><td>0.8000 ± 0.0707</td>');
  });

  it('lists every image, the one without ground truth with its area only', () => {
    expect(html).toContain('<tr><td class="name">scan1.png</td><td>0.8000</td><td>0.7000</td><td>0.9000</td><td>0.7500</td><td>1200</td></tr>');
    expect(html).toContain('<tr><td class="name">no-truth.png</td><td>–</td><td>–</td><td>–</td><td>–</td><td>50</td></tr>');
  });

  it('escapes HTML in file names and fetches nothing', () => {
    expect(html).toContain('<td class="name">&lt;img src=x onerror=alert(1)&gt;&amp;&quot;b&quot;.png</td>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<link');
  });
});

describe('studySummaryHtml with thumbnails', () => {
  const row = { scores: null, areaPx: 1 };
  const html = studySummaryHtml({
    model: 'm',
    card: null,
    backend: 'wasm',
    threshold: 0.5,
    created: 'now',
    rows: [
      { name: 'a.png', ...row, thumbnail: 'data:image/png;base64,iVBORw0KGgo=' },
      { name: 'b.png', ...row, thumbnail: 'https://example.org/x.png' },
      { name: 'c.png', ...row, thumbnail: 'data:image/png;base64,AAA" onerror="x' },
    ],
  });

  it('inlines PNG data: URLs only', () => {
    expect(html).toContain('<tr><td><img src="data:image/png;base64,iVBORw0KGgo=" alt=""></td><td class="name">a.png</td>');
    expect(html).toContain('<tr><td></td><td class="name">b.png</td>');
    expect(html).toContain('<tr><td></td><td class="name">c.png</td>');
    expect(html).not.toContain('example.org');
    expect(html).not.toContain('onerror');
  });
});
