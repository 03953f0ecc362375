import { createHash } from 'node:crypto';
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
  it('says where each ground truth came from, and exports a corrected mask as painted', async () => {
    const painted = { width: 4, height: 2, data: Uint8Array.from([0, 1, 1, 0, 0, 1, 1, 1]) };
    const zip = unzipSync(
      await exportZip(
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
  it('ends with a mean row labelled (mean of N pairs), after the rows in the order given', async () => {
    const scored = (name: string, dice: number): ExportableImage => ({ ...image(name), scores: { dice, iou: dice / 2, precision: 1, recall: dice } });
    const zip = unzipSync(await exportZip([scored('scan2.png', 0.5), scored('scan10.png', 1)], { threshold: 0.5, model: 'm', backend: 'cpu', intensity: 'unit' }));
    const lines = new TextDecoder().decode(zip['metrics.csv']).trim().split('\n');
    expect(lines.map((l) => l.split(',')[0])).toEqual(['file', 'scan2.png', 'scan10.png', '(mean of 2 pairs)']);
    expect(lines[3]).toBe('(mean of 2 pairs),0.75,0.375,1,0.75,0.5,m,cpu');
  });
});

describe('binary export', () => {
  it('writes the same files as before multi-class export (contents pinned)', async () => {
    const segmentation = { ...image('x').segmentation, grid: Float32Array.from([0.9, 0.2, 0.7, 0.4]) };
    const pair = (name: string, scan: ExportableImage['scan'] = null): ExportableImage => ({
      ...image(name),
      segmentation,
      scores: { dice: 0.5, iou: 0.25, precision: 1, recall: 0.5 },
      scan,
      groundTruth: { source: 'file', modelDice: null, corrected: null },
    });
    const images = [pair('b.png'), pair('a.png'), pair('c.png', { pixelSpacing: [0.5, 0.25] } as unknown as ExportableImage['scan'])];
    // A one-class table is binary too.
    for (const classes of [undefined, [{ name: 'foreground', color: '#E69F00', value: 255 }]]) {
      const zip = unzipSync(await exportZip(images, { threshold: 0.5, model: 'm', backend: 'cpu', intensity: 'unit', ...(classes ? { classes } : {}) }));
      const hash = createHash('sha256');
      for (const k of Object.keys(zip).sort()) hash.update(k).update(zip[k]);
      expect(Object.keys(zip).sort()).toEqual(['images.csv', 'masks/a.png', 'masks/b.png', 'masks/c.png', 'metrics.csv']);
      // Computed with the export as it was before models of several classes were exported.
      expect(hash.digest('hex')).toBe('4a794efbd5a953b2c8300f4dc6ef8cef52145418df97bfeac9c4a8666b72780d');
    }
  });
});
