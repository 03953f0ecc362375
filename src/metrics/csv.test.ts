import { describe, expect, it } from 'vitest';
import { exportStems, maskFileName, metricsCsv, type MetricsRow } from './csv';

const scores = { dice: 0.9, iou: 0.8181818, precision: 1, recall: 0.8181818 };
const row = (file: string, surface?: MetricsRow['surface']): MetricsRow => ({ file, scores, threshold: 0.5, model: 'm', backend: 'wasm', ...(surface ? { surface } : {}) });

describe('metricsCsv', () => {
  it('adds the boundary columns only when rows carry them, empty where undefined or without spacing', () => {
    expect(metricsCsv([row('a.png')]).split('\n')[0]).toBe('file,dice,iou,precision,recall,threshold,model,backend');
    // The mean row's boundary cells average the rows where each is defined.
    const csv = metricsCsv([row('a.png', { px: { hd95: 3, assd: 1.5 }, mm: { hd95: 0.6, assd: 0.3 } }), row('b.png', { px: null, mm: null }), row('c.png')]).trim().split('\n');
    expect(csv).toEqual([
      'file,dice,iou,precision,recall,threshold,model,backend,hd95_px,assd_px,hd95_mm,assd_mm',
      'a.png,0.9,0.818182,1,0.818182,0.5,m,wasm,3,1.5,0.6,0.3',
      'b.png,0.9,0.818182,1,0.818182,0.5,m,wasm,,,,',
      'c.png,0.9,0.818182,1,0.818182,0.5,m,wasm,,,,',
      '(mean of 3 pairs),0.9,0.818182,1,0.818182,0.5,m,wasm,3,1.5,0.6,0.3',
    ]);
  });
});

describe('maskFileName', () => {
  it('replaces only a real image extension of the last path part', () => {
    expect(maskFileName('scan.png')).toBe('scan.png');
    expect(maskFileName('siteA/scan.jpeg')).toBe('siteA/scan.png');
    expect(maskFileName('cine.dcm#2', '.seg.dcm')).toBe('cine#2.seg.dcm');
    // DICOM files named by UID: two of them must not share a name.
    expect(maskFileName('1.2.840.113619.2.55.3.604688119.5')).toBe('1.2.840.113619.2.55.3.604688119.5.png');
    expect(maskFileName('1.2.840.113619.2.55.3.604688119.6')).toBe('1.2.840.113619.2.55.3.604688119.6.png');
    expect(maskFileName('v1.2/scan')).toBe('v1.2/scan.png');
    expect(maskFileName('.hidden')).toBe('.hidden.png');
  });
});

describe('exportStems', () => {
  it('keeps the whole name only where two images share a stem', () => {
    expect([...exportStems(['a/scan.png', 'a/scan.jpg', 'b/scan.png', 'cine.dcm#2', '1.2.3.4']).values()]).toEqual(['a/scan.png', 'a/scan.jpg', 'b/scan', 'cine#2', '1.2.3.4']);
  });
});

