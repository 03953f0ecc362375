import { unzipSync } from 'fflate';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { type ExportableImage, exportZip } from './exportResults';

/** A 4×2 image the model saw whole, predicting the left half. */
function image(name: string, groundTruth?: ExportableImage['groundTruth']): ExportableImage {
  return {
    name,
    width: 4,
    height: 2,
    segmentation: {
      grid: Float32Array.from([1, 0, 1, 0]),
      gridSize: 2,
      region: { x: 0, y: -1, size: 4 },
      box: { x0: 0, y0: 0, x1: 4, y1: 2 },
      window: { center: 128, width: 256 },
      inferenceMs: 1,
    },
    scores: null,
    scan: null,
    ...(groundTruth ? { groundTruth } : {}),
  };
}

describe('export of corrected masks', () => {
  it('says where each ground truth came from, and exports a corrected mask as painted', () => {
    const painted = { width: 4, height: 2, data: Uint8Array.from([0, 1, 1, 0, 0, 1, 1, 1]) };
    const zip = unzipSync(
      exportZip(
        [image('a.png', { source: 'corrected', modelDice: 0.25, corrected: painted }), image('b.png', { source: 'file', modelDice: null, corrected: null }), image('c.png')],
        { threshold: 0.5, model: 'm', backend: 'cpu', intensity: 'unit' },
      ),
    );
    const lines = new TextDecoder().decode(zip['images.csv']).trim().split('\n');
    expect(lines[0].endsWith(',ground_truth,model_dice_vs_corrected')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',').slice(-2).join(','))).toEqual(['corrected,0.25', 'file,', 'model,']);
    expect(Object.keys(zip).filter((k) => k.startsWith('corrected/'))).toEqual(['corrected/a.png']);
    const png = decode(zip['corrected/a.png']);
    expect(Array.from(png.data)).toEqual(Array.from(painted.data, (v) => v * 255));
  });
});

describe('metrics.csv', () => {
  it('ends with a mean row labelled (mean of N pairs), after the rows in the order given', () => {
    const scored = (name: string, dice: number): ExportableImage => ({ ...image(name), scores: { dice, iou: dice / 2, precision: 1, recall: dice } });
    const zip = unzipSync(exportZip([scored('scan2.png', 0.5), scored('scan10.png', 1)], { threshold: 0.5, model: 'm', backend: 'cpu', intensity: 'unit' }));
    const lines = new TextDecoder().decode(zip['metrics.csv']).trim().split('\n');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['file', 'scan2.png', 'scan10.png', '(mean of 2 pairs)']);
    expect(lines[3]).toBe('(mean of 2 pairs),0.75,0.375,1,0.75,0.5,m,cpu');
  });
});
