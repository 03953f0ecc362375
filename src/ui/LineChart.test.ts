import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LineChart } from './LineChart';

const ticks = (html: string, id: string) => [...html.matchAll(new RegExp(`data-testid="c\\.${id}"[^>]*>([^<]*)<`, 'g'))].map((m) => m[1]);

describe('LineChart', () => {
  const html = renderToStaticMarkup(
    createElement(LineChart, {
      title: 'Per epoch',
      xLabel: 'epoch',
      testId: 'c',
      series: [
        { label: 'train loss', values: [0.074, 0.061, 0.05], colour: '#b34700' },
        { label: 'validation Dice', values: [0.971, 0.98, 0.985], colour: '#0060a0', axis: 'right' },
      ],
    }),
  );
  it('gives loss and Dice their own axes, each scaled to its values, labels with their leading zero', () => {
    expect(ticks(html, 'left-tick')).toEqual(['0.05', '0.06', '0.07', '0.08']);
    const right = ticks(html, 'right-tick');
    expect(right.length).toBeGreaterThanOrEqual(3);
    expect(right.every((t) => /^0\.9\d+$/.test(t))).toBe(true);
  });
  it('labels the x axis with what it counts', () => {
    expect(ticks(html, 'x-tick')).toEqual(['1', '2', '3']);
    expect(html).toContain('>epoch<');
  });
  it('leaves room left of the axis for the longest label (no clipping at the viewBox edge)', () => {
    const axisX = Number(/<line x1="([\d.]+)"/.exec(html)?.[1]);
    // "0.08" at 9 px is about 20 units wide; the label ends 5 units left of the axis.
    expect(axisX - 5 - 4 * 5.6).toBeGreaterThan(10);
  });
});

describe('LineChart over a range of values, with a marker', () => {
  const html = renderToStaticMarkup(
    createElement(LineChart, {
      title: 'Mean Dice against the threshold',
      xLabel: 'threshold',
      testId: 'c',
      xRange: [0, 1],
      marker: { index: 43, label: 'best 0.43' },
      series: [{ label: 'mean Dice', values: Array.from({ length: 101 }, (_, i) => 1 - Math.abs(i - 43) / 100), colour: '#0060a0', bounds: [0, 1] }],
    }),
  );
  it('labels the x axis with the range, not counts', () => {
    expect(ticks(html, 'x-tick')).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  });
  it('marks the point with its label', () => {
    expect(html).toContain('data-testid="c.marker"');
    expect(html).toContain('>best 0.43<');
  });
});
