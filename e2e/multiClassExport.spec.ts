/**
 * Exporting a model of several classes, as a user does: load the generated 3-class model, drop
 * label-map pairs and a DICOM of one scan, download the ZIP, and find what `npm run segment`
 * writes for the same images — class-index mask PNGs (0, 1, 2 only, equal to the CLI's), colour
 * previews, metrics.csv with a row per image and class (equal to the CLI's within 0.005), each
 * class's area in images.csv — and a DICOM SEG with one segment per class.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { decode as decodePng } from 'fast-png';
import { writeDicom } from '../src/testing/dicomFiles';
import { MULTICLASS_DIR, openWithThreeClassModel } from './multiClassPage';
import { parseCsv, readZip } from './helpers';
import { expect, test } from './test';

const dir = MULTICLASS_DIR;
const NAMES = ['scan1.png', 'scan2.png', 'scan3.png'];
const files = (kind: 'images' | 'masks') => NAMES.map((name) => ({ name: kind === 'images' ? name : name.replace('.png', '_mask.png'), buffer: readFileSync(join(dir, kind, name)) }));

/** scan1's pixels as an 8-bit DICOM with a pixel spacing (so boundary distances come in mm too). */
function dicomOfScan1(): Buffer {
  const png = decodePng(readFileSync(join(dir, 'images', 'scan1.png')));
  const grey = Uint8Array.from({ length: png.width * png.height }, (_, i) => png.data[(i * png.data.length) / (png.width * png.height)]);
  return Buffer.from(
    writeDicom({ rows: png.height, columns: png.width, bitsAllocated: 8, bitsStored: 8, pixelData: grey.buffer, extra: { PixelSpacing: ['0.5', '0.5'], WindowCenter: '128', WindowWidth: '256' } }),
  );
}

/** `npm run segment` on the fixture folders: its output folder. */
function runCli(): string {
  const out = mkdtempSync(join(tmpdir(), 'multiclass-export-'));
  execFileSync('npx', ['tsx', 'src/cli/segment.ts', '--model', join(dir, 'model'), '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', out], { stdio: 'pipe' });
  return out;
}

const key = (row: Record<string, string>) => `${row.image}/${row.class}`;

test('a 3-class model exports class-index PNGs, previews, per-class metrics.csv and a SEG per class, as npm run segment does', async ({ studio }) => {
  test.setTimeout(240_000);
  await openWithThreeClassModel(studio);
  await studio.dropFiles([...files('images'), ...files('masks'), { name: 'dscan.dcm', buffer: dicomOfScan1() }, { name: 'dscan_mask.png', buffer: readFileSync(join(dir, 'masks', 'scan1.png')) }]);
  await studio.waitAllSettled(4);
  // No threshold curve, binary per-image table or binary summary for a model of several classes.
  await expect(studio.byId('export.zip')).toBeVisible();
  await expect(studio.byId('dice-curve')).toHaveCount(0);
  await expect(studio.byId('study-table')).toHaveCount(0);
  await expect(studio.byId('export.summary')).toHaveCount(0);

  const zip = readZip(await (await studio.download('export.zip')).path());
  const cli = runCli();

  // Mask PNGs: class indices only, pixel for pixel the CLI's; a colour preview each.
  for (const name of NAMES) {
    const stem = name.replace('.png', '');
    const ours = decodePng(zip[`masks/${stem}.png`]);
    const theirs = decodePng(readFileSync(join(cli, `${stem}.png`)));
    expect(new Set(ours.data)).toEqual(new Set([0, 1, 2]));
    expect(Buffer.from(ours.data).equals(Buffer.from(theirs.data))).toBe(true);
    expect(decodePng(zip[`preview/${stem}.png`]).channels).toBe(3);
  }
  const dicomMask = decodePng(zip['masks/dscan.png']);
  expect([...new Set(dicomMask.data)].every((v) => v <= 2)).toBe(true);

  // metrics.csv: a row per image and class, the CLI's scores within 0.005.
  const rows = parseCsv(new TextDecoder().decode(zip['metrics.csv']));
  const expected = parseCsv(readFileSync(join(cli, 'metrics.csv'), 'utf8')).filter((r) => NAMES.includes(r.image));
  expect(expected.length).toBe(6);
  const byKey = new Map(rows.map((r) => [key(r), r]));
  for (const want of expected) {
    const got = byKey.get(key(want));
    expect(got, key(want)).toBeDefined();
    for (const column of ['dice', 'iou', 'precision', 'recall', 'hd95_px', 'assd_px']) {
      if (got?.[column] === want[column]) continue; // also 'inf' and empty cells
      expect(Math.abs(Number(got?.[column]) - Number(want[column])), `${key(want)} ${column}`).toBeLessThan(0.005);
    }
  }
  // The DICOM's rows carry boundary distances in mm (its pixel spacing).
  const dicomRows = rows.filter((r) => r.image === 'dscan.dcm');
  expect(dicomRows.map((r) => r.class)).toEqual(['organ', 'lesion']);
  expect(dicomRows.every((r) => r.hd95_mm !== '')).toBe(true);

  // images.csv: each class's area.
  const images = new TextDecoder().decode(zip['images.csv']);
  expect(images.split('\n')[0]).toContain('organ_px,organ_mm2,lesion_px,lesion_mm2');

  // The DICOM's SEG: one segment per class, named from the model's class table.
  const seg = zip['seg/dscan.seg.dcm'];
  expect(seg).toBeDefined();
  const parsed = dcmjs.data.DicomMessage.readFile(seg.buffer.slice(seg.byteOffset, seg.byteOffset + seg.byteLength) as ArrayBuffer);
  const dataset = dcmjs.data.DicomMetaDictionary.naturalizeDataset(parsed.dict) as Record<string, unknown>;
  const segments = (Array.isArray(dataset.SegmentSequence) ? dataset.SegmentSequence : [dataset.SegmentSequence]) as Array<Record<string, unknown>>;
  expect(segments.map((s) => s.SegmentLabel)).toEqual(['organ', 'lesion']);
});
