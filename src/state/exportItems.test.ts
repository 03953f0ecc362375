import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../image/decode';
import { labelMapFromRaster } from '../image/labelMap';
import { rasterToRgba } from '../image/overlay';
import { type Segmentation } from '../image/segmentation';
import { type ClassInfo } from '../model/classes';
import { exportSet } from './exportItems';
import { labelsKeyOf } from './processing';
import { type EngineReady, type ImageItem, type MaskEntry } from './types';

const classes: ClassInfo[] = [
  { name: 'organ', color: '#E69F00', value: 1 },
  { name: 'lesion', color: '#56B4E9', value: 2 },
];
const png = (data: number[]) => encode({ width: 2, height: 2, data: Uint8Array.from(data), channels: 1, depth: 8 });
const file = (path: string, bytes: Uint8Array) => ({ path, size: bytes.length, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
const segmentation = { grid: new Float32Array(4), gridSize: 2, region: { x: 0, y: 0, size: 2 }, box: { x0: 0, y0: 0, x1: 2, y1: 2 }, window: { center: 100, width: 50 }, inferenceMs: 1 } as Segmentation;

/** A segmented 2×2 image whose pixels were let go, with a label mask scored per class (its labels let go too). */
function item(name: string, mask: Partial<MaskEntry> | null): ImageItem {
  return {
    id: name,
    name,
    source: file(name, png([10, 100, 200, 250])),
    frame: null,
    status: 'done',
    error: null,
    raster: null,
    size: { width: 2, height: 2 },
    geometry: 'fit',
    region: segmentation.region,
    scan: null,
    window: null,
    segmentation,
    uncertainty: null,
    segmentedWith: 1,
    mask: mask && {
      source: file(`${name}_mask.png`, png([0, 1, 2, 1])),
      origin: 'file',
      correction: null,
      truth: null,
      error: null,
      histogram: null,
      labels: null,
      labelsKey: labelsKeyOf(classes),
      labelsError: null,
      classConfusion: { matrix: { classes: 3, counts: new Float64Array(9) }, threshold: 0.5 },
      ...mask,
    } as MaskEntry,
  };
}

const ready = (table: readonly ClassInfo[]) => ({ backend: { name: 'cpu' }, model: { classes: table, metadata: { name: 'm', intensity: 'unit' } }, warmUpMs: 0 }) as unknown as EngineReady;
const decode = (bytes: Uint8Array) => decodeImage(bytes);

describe('export set', () => {
  it('reads let-go pixels again for a model of several classes: the image under its preview, the mask as class indices', async () => {
    const items = [item('b.png', {}), item('a.png', { labelsError: 'not scored per class: value 7' }), item('c.png', null)];
    const set = exportSet({ items, threshold: 0.5, ready: ready(classes), selectedId: 'b.png' }, decode);
    expect(set?.images.map((i) => i.name)).toEqual(['a.png', 'b.png', 'c.png']);
    expect(set?.selected?.name).toBe('b.png');
    expect(set?.scored).toBe(1);
    expect(set?.context.classes).toBe(classes);
    const b = await set?.images[1].pixels?.({ display: true });
    const maskRaster = await decodeImage(png([0, 1, 2, 1]));
    expect(Array.from(b?.truthLabels?.data ?? [])).toEqual(Array.from(labelMapFromRaster(maskRaster, classes).data));
    expect(Array.from(b?.display ?? [])).toEqual(Array.from(rasterToRgba(await decodeImage(png([10, 100, 200, 250])), segmentation.window)));
    // A mask with a value no class stands for, or no mask: not scored per class.
    expect((await set?.images[0].pixels?.({ display: false }))?.truthLabels).toBeNull();
    expect((await set?.images[2].pixels?.({ display: false }))?.truthLabels).toBeNull();
  });

  it('gives a binary model no pixels to read (its export is as before)', () => {
    const set = exportSet({ items: [item('a.png', {})], threshold: 0.5, ready: ready([classes[0]]), selectedId: null }, decode);
    expect(set?.images[0].pixels).toBeUndefined();
    expect(set?.selected).toBeNull();
  });
});
