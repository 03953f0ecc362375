import dcmjs from 'dcmjs';
import { decode } from 'fast-png';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeDicom } from '../image/decode/dicom';
import { type LabelMap } from '../image/labelMap';
import { encodeLabelPreviewPng } from '../image/labelPng';
import { type Segmentation } from '../image/segmentation';
import { classMetricsCsv } from '../metrics/classCsv';
import { classScores, classSurfaceDistances, confusionMatrix } from '../metrics/multiClass';
import { type ClassInfo } from '../model/classes';
import { writeDicom } from '../testing/dicomFiles';
import { type ExportableImage, type ExportContext, dicomSegs, exportZip, maskPng, metricsCsvOf } from './exportResults';

const classes: ClassInfo[] = [
  { name: 'organ', color: '#E69F00', value: 1 },
  { name: 'lesion', color: '#56B4E9', value: 2 },
];
const context: ExportContext = { threshold: 0.5, model: 'three', backend: 'cpu', intensity: 'unit', classes };
const W = 4;

/** A 4×4 softmax segmentation the model saw whole: columns 0–1 organ, column 2 lesion, column 3 background. */
function segmentation(): Segmentation {
  const organ = new Float32Array(16);
  const lesion = new Float32Array(16);
  for (let i = 0; i < 16; i++) {
    const x = i % W;
    organ[i] = x < 2 ? 0.9 : 0.05;
    lesion[i] = x === 2 ? 0.9 : 0.05;
  }
  const classGrids = new Float32Array(32);
  classGrids.set(organ);
  classGrids.set(lesion, 16);
  return {
    grid: Float32Array.from(organ, (p, i) => p + lesion[i]),
    classGrids,
    activation: 'softmax',
    gridSize: 4,
    region: { x: 0, y: 0, size: 4 },
    box: { x0: 0, y0: 0, x1: 4, y1: 4 },
    window: { center: 128, width: 256 },
    inferenceMs: 1,
  };
}
const EXPECTED = Uint8Array.from({ length: 16 }, (_, i) => [1, 1, 2, 0][i % W]);
/** The truth: organ in column 0 only, lesion in columns 2–3. */
const truth: LabelMap = { width: 4, height: 4, data: Uint8Array.from({ length: 16 }, (_, i) => [1, 0, 2, 2][i % W]) };
const grey = new Uint8ClampedArray(64).fill(100);

function image(name: string, scan: ExportableImage['scan'] = null, truthLabels: LabelMap | null = truth): ExportableImage {
  return {
    name,
    width: 4,
    height: 4,
    segmentation: segmentation(),
    scores: { dice: 0.5, iou: 0.3, precision: 0.5, recall: 0.5 },
    scan,
    pixels: async ({ display }) => ({ display: display ? grey : null, truthLabels }),
  };
}
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('export of a model of several classes', () => {
  it('writes class-index PNGs, previews, per-class metrics.csv and class areas, as npm run segment does', async () => {
    const spaced = { pixelSpacing: [0.5, 0.25] } as unknown as ExportableImage['scan'];
    const images = [image('a.png'), image('b.png', spaced), image('c.png', null, null)];
    const zip = unzipSync(await exportZip(images, context));
    expect(Object.keys(zip).sort()).toEqual(['images.csv', 'masks/a.png', 'masks/b.png', 'masks/c.png', 'metrics.csv', 'preview/a.png', 'preview/b.png', 'preview/c.png']);
    for (const name of ['a', 'b', 'c']) {
      const png = decode(zip[`masks/${name}.png`]);
      expect([png.channels, png.depth]).toEqual([1, 8]);
      expect(Array.from(png.data)).toEqual(Array.from(EXPECTED));
    }
    const predicted = { width: 4, height: 4, data: EXPECTED };
    expect(Array.from(zip['preview/a.png'])).toEqual(Array.from(encodeLabelPreviewPng(predicted, classes, { rgba: grey, opacity: 0.5 })));
    // Rows for the images with class labels only, boundary distances in mm where the spacing is known.
    const rows = [
      { image: 'a.png', scores: classScores(confusionMatrix(truth, predicted, 3)), surface: classSurfaceDistances(truth, predicted, 3) },
      { image: 'b.png', scores: classScores(confusionMatrix(truth, predicted, 3)), surface: classSurfaceDistances(truth, predicted, 3, { y: 0.5, x: 0.25 }) },
    ];
    const csv = classMetricsCsv(rows, classes, context);
    expect(text(zip['metrics.csv'])).toBe(csv);
    expect(csv.split('\n')[3].split(',')[8]).not.toBe(''); // b.png's organ HD95 in mm
    expect(await metricsCsvOf(images, context)).toBe(csv);
    // images.csv: each class's area (organ 8 px, lesion 4 px), in mm² with a spacing.
    const lines = text(zip['images.csv']).trim().split('\n');
    expect(lines[0]).toContain('organ_px,organ_mm2,lesion_px,lesion_mm2');
    expect(lines[2]).toContain(',8,1,4,0.5,');
  });

  it('writes the selected mask as class indices, and nothing per class without labels', async () => {
    expect(Array.from(decode(maskPng(image('a.png'), context)).data)).toEqual(Array.from(EXPECTED));
    expect(await metricsCsvOf([image('a.png', null, null)], context)).toBeNull();
    const bare = { ...image('a.png'), pixels: undefined };
    const zip = unzipSync(await exportZip([bare], context));
    expect(Array.from(zip['preview/a.png'])).toEqual(Array.from(encodeLabelPreviewPng({ width: 4, height: 4, data: EXPECTED }, classes)));
    expect(zip['metrics.csv']).toBeUndefined();
  });

  it('writes a DICOM image a SEG with a segment per class', async () => {
    const source = await decodeDicom(writeDicom({ rows: 4, columns: 4, pixelData: new Uint16Array(16).buffer }));
    const segs = await dicomSegs([image('p.png'), image('d.dcm', source.scan ?? null)], context);
    expect(Object.keys(segs)).toEqual(['seg/d.seg.dcm']);
    const bytes = segs['seg/d.seg.dcm'];
    const parsed = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    const seg = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.dict) as Record<string, unknown>;
    const segments = (Array.isArray(seg.SegmentSequence) ? seg.SegmentSequence : [seg.SegmentSequence]) as Array<Record<string, unknown>>;
    expect(segments.map((s) => s.SegmentLabel)).toEqual(['organ', 'lesion']);
  });
});
