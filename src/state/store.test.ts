/**
 * The store against real services in Node: real decoders, the real engine with a (tiny) TF.js
 * U-Net on the CPU backend, both behind a structured clone as in the app. Checks the processing
 * queue, pairing, per-item failures, live metrics and region changes without a browser.
 */
import { encode } from 'fast-png';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend, liveTensorCount } from '../ml/backends';
import { DEFAULT_METADATA, METADATA_FILE } from '../model/metadata';
import { toLayersFiles } from '../ml/model-io/layersFiles';
import { type ModelSource } from '../model/modelSource';
import { buildUnet } from '../ml/unet';
import { WEIGHTS_FILE } from '../model/layersFiles';
import { acrossClone, inThreadEngine } from '../worker/inThread';
import { decodeImage } from '../image/decode';
import { writeDicom } from '../testing/dicomFiles';
import { dicomSeg } from '../export/dicomSeg';
import { itemClassScores, itemScores, meanOverPairs, runningBatch, trainablePairs } from './selectors';
import { createStudioStore, KEEP_DECODED, RESCORE_DELAY_MS } from './store';
import { type CorrectionStorage, type StoredCorrection } from './services';
import { type SourceFile, type Studio } from './types';
import { SESSION_FORMAT, SESSION_VERSION, writeSession } from '../files/sessionArchive';
import { type StoreApi } from 'zustand';

/** The tiny U-Net as the files a user drops: model.json, weights.bin and unet-studio.json. */
let tinyModel: ModelSource;

beforeAll(async () => {
  await chooseBackend({ forced: 'cpu' });
  const model = buildUnet({ size: 32, channels: 1, base: 2, depth: 1, seed: 3 });
  const files = await toLayersFiles(model);
  model.dispose();
  const utf8 = (text: string) => new TextEncoder().encode(text);
  tinyModel = {
    kind: 'files',
    files: [
      { name: 'tiny/model.json', bytes: utf8(files.modelJson) },
      { name: `tiny/${WEIGHTS_FILE}`, bytes: files.weights },
      { name: `tiny/${METADATA_FILE}`, bytes: utf8(JSON.stringify({ ...DEFAULT_METADATA, name: 'tiny' })) },
    ],
  };
});

/**
 * The store on the real engine and decoders, run in this thread behind the same structured
 * clone as the workers; `calls` counts the calls made to each.
 */
function makeStore(calls: Record<string, number> = {}, corrections?: CorrectionStorage): StoreApi<Studio> {
  const counted = <T extends object>(service: T): T =>
    Object.fromEntries(
      Object.entries(service).map(([name, method]) => [
        name,
        (...args: unknown[]) => {
          calls[name] = (calls[name] ?? 0) + 1;
          return (method as (...a: unknown[]) => unknown)(...args);
        },
      ]),
    ) as T;
  const decoder = acrossClone({ decode: (bytes: Uint8Array, frame: number) => decodeImage(bytes, undefined, frame) });
  return createStudioStore({
    engine: counted(inThreadEngine()),
    decode: counted(decoder).decode,
    storage: { list: async () => [], get: async () => null, put: async () => undefined, remove: async () => undefined, clear: async () => undefined },
    forcedBackend: 'cpu',
    initialModel: { name: 'tiny', origin: 'bundled', source: tinyModel },
    ...(corrections ? { corrections } : {}),
  });
}

function pngFile(path: string, width: number, height: number, value: (x: number, y: number) => number): SourceFile {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  const bytes = encode({ width, height, data, channels: 1, depth: 8 });
  return { path, size: bytes.length, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) };
}

/** Correction storage in memory (the browser's IndexedDB stand-in), with its map to look into. */
function memoryCorrections(): { kept: Map<string, StoredCorrection>; corrections: CorrectionStorage } {
  const kept = new Map<string, StoredCorrection>();
  const corrections: CorrectionStorage = {
    get: async (key) => kept.get(key) ?? null,
    put: async (key, value) => void kept.set(key, value),
    remove: async (key) => void kept.delete(key),
    count: async () => kept.size,
    clear: async () => kept.clear(),
  };
  return { kept, corrections };
}

async function settled(store: StoreApi<Studio>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { items } = store.getState();
    if (items.every((item) => item.status === 'done' || item.status === 'error')) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('store did not settle');
}

const disc = (x: number, y: number) => ((x - 30) ** 2 + (y - 20) ** 2 < 150 ? 255 : 30);

describe('studio store', () => {
  it('decodes, pairs, segments and scores; bad files fail alone', async () => {
    const store = makeStore();
    await store.getState().startEngine();
    expect(store.getState().engine).toEqual({ kind: 'ready' });
    store.getState().addFiles([
      pngFile('a.png', 60, 40, disc),
      pngFile('a_mask.png', 60, 40, (x, y) => (disc(x, y) === 255 ? 255 : 0)),
      pngFile('b.png', 60, 40, disc),
      pngFile('b_mask.png', 10, 10, () => 0),
      { path: 'c.png', size: 3, blob: new Blob(['abc']) },
    ]);
    await settled(store);
    const [a, b, c] = store.getState().items;
    expect([a.name, a.status, b.status, c.status]).toEqual(['a.png', 'done', 'done', 'error']);
    expect(c.error).toContain('not an image');
    expect(b.mask?.error).toContain('mask is 10×10 but the image is 60×40');
    expect(a.segmentation?.box).toEqual({ x0: 0, y0: 0, x1: 60, y1: 40 });
    const scores = itemScores(a, 0.5);
    expect(scores).not.toBeNull();
    expect(meanOverPairs(store.getState()).count).toBe(1);
    // The threshold changes the readout without re-running anything.
    store.getState().setThreshold(0);
    expect(itemScores(store.getState().items[0], 0)?.recall).toBe(1);
    // reset: back to a fresh store's state.
    store.getState().reset();
    const fresh = store.getState();
    expect([fresh.items, fresh.unpaired, fresh.selectedId, fresh.library, fresh.threshold, fresh.training.status, fresh.engine.kind]).toEqual([[], [], null, [], 0.5, 'idle', 'starting']);
  });

  it('times each pass of the queue for the batch time left: images finished, wall time, cleared when idle', async () => {
    const store = makeStore();
    await store.getState().startEngine();
    const seen: { finished: number; elapsedMs: number; left: number | null }[] = [];
    const stop = store.subscribe((s) => {
      const running = runningBatch(s);
      if (s.batch && s.batch.finished > (seen.at(-1)?.finished ?? 0)) seen.push({ finished: s.batch.finished, elapsedMs: s.batch.elapsedMs, left: running?.secondsLeft ?? null });
    });
    store.getState().addFiles([0, 1, 2].flatMap((i) => [pngFile(`t${i}.png`, 60, 40, disc), pngFile(`t${i}_mask.png`, 60, 40, (x, y) => (disc(x, y) === 255 ? 255 : 0))]));
    await settled(store);
    for (let i = 0; i < 200 && store.getState().batch; i++) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(store.getState().batch).toBeNull();
    expect(seen.map((b) => b.finished)).toEqual([1, 2, 3]);
    expect(seen[1].elapsedMs).toBeGreaterThanOrEqual(seen[0].elapsedMs);
    // After the first image: one to go per image left, at the pace so far; none left after the last.
    expect(seen[0].left).toBeCloseTo((seen[0].elapsedMs * 2) / 1000, 9);
    expect(seen[2].left).toBeNull();
  });

  it('keeps decoded pixels for recent images only, and decodes a selected one again with the same results', async () => {
    const calls: Record<string, number> = {};
    const store = makeStore(calls);
    await store.getState().startEngine();
    const count = KEEP_DECODED + 4;
    const files = Array.from({ length: count }, (_, i) => [
      pngFile(`s${i}.png`, 60, 40, disc),
      pngFile(`s${i}_mask.png`, 60, 40, (x, y) => (disc(x, y) === 255 ? 255 : 0)),
    ]).flat();
    store.getState().addFiles(files);
    await settled(store);
    const { items } = store.getState();
    expect(items.filter((i) => i.raster).length).toBeLessThanOrEqual(KEEP_DECODED + 1);
    const evicted = items.find((i) => !i.raster && i.id !== store.getState().selectedId);
    expect(evicted?.mask?.truth).toBeNull();
    const scores = itemScores(evicted!, 0.5);
    const segmented = calls.segment;
    expect(segmented).toBe(count);
    store.getState().select(evicted!.id);
    await settled(store);
    // Decoded again, but the results still hold: the model does not run again.
    expect(calls.segment).toBe(segmented);
    const back = store.getState().items.find((i) => i.id === evicted!.id)!;
    expect(back.raster).not.toBeNull();
    expect(back.mask?.truth).not.toBeNull();
    expect(itemScores(back, 0.5)).toEqual(scores);
  });

  it('turns a multi-frame DICOM into one image per frame, each scored against its frame of a DICOM mask', async () => {
    const store = makeStore();
    await store.getState().startEngine();
    const w = 60;
    const h = 40;
    const frames = (value: (x: number, y: number, f: number) => number, bits: 8 | 16) => {
      const out = bits === 16 ? new Uint16Array(w * h * 3) : new Uint8Array(w * h * 3);
      for (let f = 0; f < 3; f++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[f * w * h + y * w + x] = value(x, y, f);
      return out.buffer;
    };
    const shifted = (x: number, y: number, f: number) => disc(x - 5 * f, y);
    const image = writeDicom({ rows: h, columns: w, frames: 3, pixelData: frames((x, y, f) => shifted(x, y, f) * 100, 16) });
    const mask = writeDicom({ rows: h, columns: w, frames: 3, bitsAllocated: 8, pixelData: frames((x, y, f) => (shifted(x, y, f) === 255 ? 1 : 0), 8) });
    store.getState().addFiles([
      { path: 'cine', size: image.length, blob: new Blob([image as Uint8Array<ArrayBuffer>]) },
      { path: 'cine_mask.dcm', size: mask.length, blob: new Blob([mask as Uint8Array<ArrayBuffer>]) },
    ]);
    await settled(store);
    const items = store.getState().items;
    expect(items.map((i) => [i.name, i.frame, i.status])).toEqual([
      ['cine#1', 0, 'done'],
      ['cine#2', 1, 'done'],
      ['cine#3', 2, 'done'],
    ]);
    expect(items.every((i) => i.mask?.truth && !i.mask.error)).toBe(true);
    // Each frame's mask is that frame's: the disc moves 5 px per frame.
    const truthCentres = items.map((i) => {
      const t = i.mask!.truth!;
      let sx = 0;
      let n = 0;
      t.data.forEach((v, k) => {
        sx += v * (k % w);
        n += v;
      });
      return Math.round(sx / n);
    });
    expect(truthCentres).toEqual([30, 35, 40]);
    expect(items[0].scan?.format).toBe('DICOM');
    expect(store.getState().selectedId).toBe('cine#1');
  });

  it('a DICOM SEG left as an image is refused, saying what it is, and not segmented; one named as its image mask is its ground truth', async () => {
    const calls: Record<string, number> = {};
    const store = makeStore(calls);
    await store.getState().startEngine();
    const [w, h] = [60, 40];
    const image = writeDicom({ rows: h, columns: w, pixelData: Uint16Array.from({ length: w * h }, (_, k) => disc(k % w, Math.floor(k / w)) * 100).buffer });
    const source = await decodeImage(image);
    const truth = { width: w, height: h, data: Uint8Array.from({ length: w * h }, (_, k) => (disc(k % w, Math.floor(k / w)) === 255 ? 1 : 0)) };
    const seg = dicomSeg({ scan: source.scan as Parameters<typeof dicomSeg>[0]['scan'], mask: truth, modelName: 'reader', threshold: 0.5, now: new Date(2026, 0, 1) });
    const file = (path: string, bytes: Uint8Array): SourceFile => ({ path, size: bytes.length, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    // No image is named "segmentation-of-scan": pairing keeps it as an image, and the decoder finds the SEG.
    store.getState().addFiles([file('scan.dcm', image), file('scan_seg.dcm', seg), file('segmentation-of-scan.dcm', seg)]);
    await settled(store);
    const items = store.getState().items;
    expect(items.map((i) => [i.name, i.status])).toEqual([
      ['scan.dcm', 'done'],
      ['segmentation-of-scan.dcm', 'error'],
    ]);
    expect(items[1].error).toBe(
      'this file is a DICOM SEG (a segmentation, not an image); to score against it, drop it together with its image, named like the image plus _seg (scan_seg.dcm) or in a masks/ folder',
    );
    expect(items[1].segmentation).toBeNull();
    // The model ran once, on the scan; the SEG beside it is the scan's ground truth, every pixel as written.
    expect(calls.segment).toBe(1);
    expect(Array.from(items[0].mask?.truth?.data ?? [])).toEqual(Array.from(truth.data));
  });

  it('re-runs an image when its window changes, and the model input follows the window', async () => {
    const store = makeStore();
    await store.getState().startEngine();
    store.getState().addFiles([pngFile('a.png', 60, 40, disc)]);
    await settled(store);
    const before = store.getState().items[0];
    expect(before.window).toEqual({ center: 128, width: 256 });
    expect(before.segmentation?.window).toEqual(before.window);
    store.getState().setWindow('a.png', { center: 200, width: 20 });
    expect(store.getState().items[0].status).not.toBe('done');
    await settled(store);
    const after = store.getState().items[0];
    expect(after.segmentation?.window).toEqual({ center: 200, width: 20 });
    expect(Array.from(after.segmentation!.grid)).not.toEqual(Array.from(before.segmentation!.grid));
    store.getState().setWindow('a.png', null);
    await settled(store);
    expect(Array.from(store.getState().items[0].segmentation!.grid)).toEqual(Array.from(before.segmentation!.grid));
  });

  it('re-runs an image when its region moves, and a mask dropped later pairs in', async () => {
    const calls: Record<string, number> = {};
    const store = makeStore(calls);
    await store.getState().startEngine();
    store.getState().addFiles([pngFile('scan.png', 60, 40, disc)]);
    await settled(store);
    const first = store.getState().items[0].segmentation;
    store.getState().setRegion('scan.png', { x: 5, y: 5, size: 30 });
    await settled(store);
    const moved = store.getState().items[0];
    expect(moved.geometry).toBe('crop');
    expect(moved.segmentation).not.toBe(first);
    expect(moved.segmentation?.box).toEqual({ x0: 5, y0: 5, x1: 35, y1: 35 });
    const tensors = liveTensorCount();
    store.getState().addFiles([pngFile('masks/scan.png', 60, 40, (x, y) => (disc(x, y) === 255 ? 255 : 0))]);
    await settled(store);
    const paired = store.getState().items[0];
    expect(paired.mask?.histogram).not.toBeNull();
    // Pairing a mask reuses the segmentation; nothing ran, nothing leaked.
    expect(paired.segmentation).toBe(moved.segmentation);
    expect(liveTensorCount()).toBe(tensors);
    expect(calls.segment).toBe(2);
    // "Run again" runs the model again on the same region.
    store.getState().resegment('scan.png');
    await settled(store);
    expect(calls.segment).toBe(3);
    expect(store.getState().items[0].segmentation?.box).toEqual({ x0: 5, y0: 5, x1: 35, y1: 35 });
  });

  it('a mask dropped while its image is being segmented is read and scored, without running the model again', async () => {
    const calls: Record<string, number> = {};
    const store = makeStore(calls);
    await store.getState().startEngine();
    // The mask arrives the moment the model starts on its image.
    let dropped = false;
    const stop = store.subscribe((s) => {
      if (dropped || s.items[0]?.status !== 'segmenting') return;
      dropped = true;
      s.addFiles([pngFile('scan_mask.png', 60, 40, (x, y) => (disc(x, y) === 255 ? 255 : 0))]);
    });
    store.getState().addFiles([pngFile('scan.png', 60, 40, disc)]);
    await settled(store);
    for (let i = 0; i < 100 && store.getState().items[0].status !== 'done'; i++) await settled(store);
    stop();
    expect(dropped).toBe(true);
    const item = store.getState().items[0];
    expect(item.mask?.histogram).not.toBeNull();
    expect(itemScores(item, 0.5)).not.toBeNull();
    expect(calls.segment).toBe(1);
  });
});

describe('correcting masks by hand', () => {
  const ones = (data: Uint8Array) => data.reduce((sum, v) => sum + v, 0);

  it('paints, erases, undoes and redoes stroke by stroke, and an accepted mask becomes ground truth that the metrics and fine-tuning use', async () => {
    const store = makeStore();
    await store.getState().startEngine();
    store.getState().addFiles([pngFile('a.png', 60, 40, disc)]);
    await settled(store);
    const s = () => store.getState();
    expect(s().startEditing('a.png', 'truth')).toBe(false);
    // At threshold 1 the tiny model predicts nothing: the edit starts from an empty mask.
    s().setThreshold(1);
    expect(s().startEditing('a.png', 'prediction')).toBe(true);
    const mask = s().edits['a.png'].mask;
    expect(ones(mask.data)).toBe(0);
    s().setBrushRadius(3);
    // A 10 px line of radius 3 between pixel centres: 10·7 + the 29-pixel disc.
    s().applyStroke('a.png', [{ x: 10.5, y: 10.5 }, { x: 20.5, y: 10.5 }]);
    expect(ones(mask.data)).toBe(99);
    s().setEditTool('eraser');
    s().beginStroke('a.png', { x: 15.5, y: 10.5 });
    const version = s().edits['a.png'].version;
    s().continueStroke('a.png', { x: 15.5, y: 10.5 });
    expect(s().edits['a.png'].version).toBe(version + 1);
    s().endStroke('a.png');
    expect(ones(mask.data)).toBe(70);
    expect(s().edits['a.png'].history.done).toHaveLength(2);
    s().undoEdit('a.png');
    expect(ones(mask.data)).toBe(99);
    s().undoEdit('a.png');
    expect(ones(mask.data)).toBe(0);
    s().redoEdit('a.png');
    s().redoEdit('a.png');
    expect(ones(mask.data)).toBe(70);
    const painted = mask.data.slice();

    s().acceptEdit('a.png');
    expect(s().edits).toEqual({});
    const item = s().items[0];
    expect(item.mask?.origin).toBe('corrected');
    expect(Array.from(item.mask?.truth?.data ?? [])).toEqual(Array.from(painted));
    // The model (empty at threshold 1) against 70 painted pixels: Dice 0.
    expect(item.mask?.correction).toEqual({ modelDice: 0, threshold: 1 });
    expect(itemScores(item, 1)?.dice).toBe(0);
    expect(itemScores(item, 0)?.recall).toBe(1);
    expect(trainablePairs(s().items).map((i) => i.id)).toEqual(['a.png']);

    // A later drop of a mask file for the same image, or a new run of the model, keeps the correction.
    s().addFiles([pngFile('a_mask.png', 60, 40, () => 0)]);
    s().resegment('a.png');
    await settled(store);
    const after = s().items[0];
    expect(after.mask?.origin).toBe('corrected');
    expect(ones(after.mask?.truth?.data ?? new Uint8Array())).toBe(70);
    expect(itemScores(after, 0)?.recall).toBe(1);
  });

  it('starts from ground truth, fills holes, cuts a polygon, and cancel leaves the truth as it was', async () => {
    const store = makeStore();
    await store.getState().startEngine();
    store.getState().addFiles([pngFile('a.png', 40, 40, disc), pngFile('a_mask.png', 40, 40, (x, y) => (x >= 10 && x < 30 && y >= 10 && y < 30 && !(x >= 15 && x < 25 && y >= 15 && y < 25) ? 255 : 0))]);
    await settled(store);
    const s = () => store.getState();
    expect(s().startEditing('a.png', 'truth')).toBe(true);
    const mask = s().edits['a.png'].mask;
    expect(ones(mask.data)).toBe(400 - 100);
    s().fillHoles('a.png');
    expect(ones(mask.data)).toBe(400);
    s().setEditTool('eraser');
    expect(s().editMode).toBe('cut');
    s().fillPolygon('a.png', [{ x: 10, y: 10 }, { x: 20, y: 10 }, { x: 20, y: 20 }, { x: 10, y: 20 }]);
    expect(ones(mask.data)).toBe(300);
    // The bucket keeps the mode; in add mode it fills the background region clicked in, one step (the cut
    // corner joins the outside, so that is all 40×40 − 300 background pixels).
    s().setEditTool('bucket');
    expect(s().editMode).toBe('cut');
    s().setEditMode('add');
    expect(s().editTool).toBe('bucket');
    const steps = s().edits['a.png'].history.done.length;
    s().floodFill('a.png', 12, 12);
    expect(ones(mask.data)).toBe(1600);
    expect(s().edits['a.png'].history.done).toHaveLength(steps + 1);
    s().undoEdit('a.png');
    expect(ones(mask.data)).toBe(300);
    s().setEditTool('eraser');
    s().setEditMode('add');
    expect(s().editTool).toBe('brush');
    s().clearMask('a.png');
    expect(ones(mask.data)).toBe(0);
    s().cancelEdit('a.png');
    expect(s().items[0].mask?.origin).toBe('file');
    expect(ones(s().items[0].mask?.truth?.data ?? new Uint8Array())).toBe(300);
  });

  it('keeps an accepted correction in the browser by content and brings it back when the same scan is dropped again', async () => {
    const { kept, corrections } = memoryCorrections();
    const first = makeStore({}, corrections);
    await first.getState().startEngine();
    first.getState().addFiles([pngFile('a.png', 60, 40, disc)]);
    await settled(first);
    first.getState().setThreshold(1);
    first.getState().startEditing('a.png', 'prediction');
    first.getState().applyStroke('a.png', [{ x: 30.5, y: 20.5 }]);
    first.getState().acceptEdit('a.png');
    for (let i = 0; i < 100 && kept.size === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect([...kept.keys()]).toEqual([expect.stringMatching(/^sha256:[0-9a-f]{64}#0$/)]);

    // Another session (a reload): the same pixels under another name find their correction.
    const second = makeStore({}, corrections);
    await second.getState().startEngine();
    second.getState().addFiles([pngFile('again.png', 60, 40, disc)]);
    await settled(second);
    const item = second.getState().items[0];
    expect(item.mask?.origin).toBe('corrected');
    // The default brush (radius 8) around a pixel centre: 197 pixels.
    expect(item.mask?.truth?.data.reduce((n, v) => n + v, 0)).toBe(197);
    expect(item.mask?.correction).toEqual({ modelDice: 0, threshold: 1 });
    expect(itemScores(item, 0)?.recall).toBe(1);

    // An unfinished correction is kept as a draft once the user pauses, comes back after a
    // "crash", and is deleted when accepted.
    second.getState().startEditing('again.png', 'truth');
    second.getState().applyStroke('again.png', [{ x: 5.5, y: 5.5 }]);
    for (let i = 0; i < 300 && kept.size < 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect([...kept.keys()].filter((k) => k.endsWith(':draft'))).toHaveLength(1);
    const third = makeStore({}, corrections);
    await third.getState().startEngine();
    third.getState().addFiles([pngFile('third.png', 60, 40, disc)]);
    await settled(third);
    const resumed = third.getState().edits['third.png'];
    expect(resumed?.startedFrom).toBe('draft');
    expect(Array.from(resumed?.mask.data ?? [])).toEqual(Array.from(second.getState().edits['again.png'].mask.data));
    third.getState().acceptEdit('third.png');
    for (let i = 0; i < 300 && kept.size > 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect([...kept.keys()].filter((k) => k.endsWith(':draft'))).toEqual([]);
  });

  it('correct → fine-tune rounds: corrected pairs train, the validation pairs stay the same, a base round restarts from the base model, no tensor leak', async () => {
    const store = makeStore();
    const s = () => store.getState();
    await s().startEngine();
    const at = (cx: number, cy: number) => (x: number, y: number) => ((x - cx) ** 2 + (y - cy) ** 2 < 120 ? 230 : 25);
    const centres = [
      [20, 20],
      [40, 20],
      [30, 15],
      [25, 25],
      [35, 22],
    ];
    s().addFiles(centres.map(([cx, cy], k) => pngFile(`scan${k}.png`, 60, 40, at(cx, cy))));
    await settled(store);
    expect(trainablePairs(s().items)).toHaveLength(0);
    // The user corrects four of the five: a square over each bright disc, through the editing actions.
    for (const [k, [cx, cy]] of centres.slice(0, 4).entries()) {
      const id = `scan${k}.png`;
      expect(s().startEditing(id, 'prediction')).toBe(true);
      s().clearMask(id);
      s().setEditTool('brush');
      s().fillPolygon(id, [{ x: cx - 10, y: cy - 10 }, { x: cx + 10, y: cy - 10 }, { x: cx + 10, y: cy + 10 }, { x: cx - 10, y: cy + 10 }]);
      s().acceptEdit(id);
    }
    await settled(store);
    expect(trainablePairs(s().items)).toHaveLength(4);
    const rootId = s().activeModelId;
    s().setTrainingSettings({ epochs: 2, batchSize: 2, learningRate: 0.01, validationPercent: 25, augment: false, startFrom: 'current' });
    const tensors = liveTensorCount();
    await s().startTraining();
    expect(s().training.status).toBe('done');
    const first = s().training.split;
    expect(first?.validation).toHaveLength(1);
    expect(s().training.rounds).toHaveLength(1);
    expect(s().training.rounds[0]).toMatchObject({ round: 1, startFrom: 'current', train: 3, validation: 1, corrected: 4, stopped: false });
    expect(s().training.rounds[0].after).not.toBeNull();
    const roundOne = s().activeModelId;
    expect(roundOne).not.toBe(rootId);
    // The saved model no longer claims what its base was trained as.
    expect(s().ready?.model.metadata.attribution).toMatch(/^Fine-tuned in this browser from tiny/);
    expect(s().library.find((e) => e.id === roundOne)?.description).toMatch(/on 3 pairs \(3 corrected here\), 1 for validation, 2 epochs, validation Dice/);

    // The fifth image is corrected too; the next round keeps the held-out pair and restarts from the base.
    s().startEditing('scan4.png', 'prediction');
    s().fillPolygon('scan4.png', [{ x: 25, y: 12 }, { x: 45, y: 12 }, { x: 45, y: 32 }, { x: 25, y: 32 }]);
    s().acceptEdit('scan4.png');
    await settled(store);
    s().setTrainingSettings({ startFrom: 'base' });
    await s().startTraining();
    expect([s().training.status, s().training.message]).toEqual(['done', expect.any(String)]);
    for (const id of first?.validation ?? []) expect(s().training.split?.validation).toContain(id);
    expect(s().training.split?.train).toHaveLength(4);
    expect(s().training.rounds.map((r) => [r.round, r.startFrom, r.train])).toEqual([
      [1, 'current', 3],
      [2, 'base', 4],
    ]);
    expect(s().training.baseModelId).toBe(rootId);
    expect(s().training.rootModelId).toBe(rootId);
    // Round 2's "before" is the round-1 model on the same held-out pair: the rounds chain.
    expect(s().training.rounds[1].before).toBeCloseTo(s().training.rounds[0].after ?? NaN, 6);
    expect(liveTensorCount()).toBe(tensors);
  }, 60_000);

  it('saves a session and opens it in another store: same images, masks, corrections, regions, settings and Dice; a bad file loses nothing', async () => {
    const first = makeStore();
    const a = () => first.getState();
    await a().startEngine();
    a().addFiles([pngFile('a.png', 60, 40, disc), pngFile('a_mask.png', 60, 40, (x, y) => (disc(x, y) === 255 ? 255 : 0)), pngFile('b.png', 60, 40, disc)]);
    await settled(first);
    a().setGeometry('a.png', 'crop');
    a().setThreshold(0.3);
    a().setTrainingSettings({ epochs: 7, startFrom: 'current' });
    a().startEditing('b.png', 'prediction');
    a().clearMask('b.png');
    a().fillPolygon('b.png', [{ x: 20, y: 10 }, { x: 40, y: 10 }, { x: 40, y: 30 }, { x: 20, y: 30 }]);
    a().acceptEdit('b.png');
    // A model dropped this session travels inside the session.
    await a().loadModelFiles(
      await Promise.all(
        (tinyModel.kind === 'files' ? tinyModel.files : []).map(async (f) => ({ path: f.name, size: f.bytes.length, blob: new Blob([f.bytes as Uint8Array<ArrayBuffer>]) })),
      ),
    );
    a().setThreshold(0.3);
    await settled(first);
    const bytes = await a().saveSession();
    expect(bytes).not.toBeNull();

    const second = makeStore();
    const b = () => second.getState();
    await b().startEngine();
    b().addFiles([pngFile('other.png', 30, 30, () => 9)]);
    await settled(second);
    // A file that is not a session: one line naming it, and the loaded image stays.
    await b().openSession({ path: 'notes.zip', size: 3, blob: new Blob(['abc']) });
    expect(b().sessionReport).toEqual({ ok: false, text: 'notes.zip is not a session file: it is not a readable ZIP (invalid zip data)', problems: [] });
    expect(b().items.map((i) => i.id)).toEqual(['other.png']);

    await b().openSession({ path: 'study.zip', size: bytes?.length ?? 0, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    await settled(second);
    expect(b().sessionReport).toMatchObject({ ok: true, text: expect.stringMatching(/^Opened study\.zip: 2 images \(1 with a mask corrected here\)/), problems: [] });
    expect(b().items.map((i) => [i.id, i.mask?.origin ?? null, i.geometry])).toEqual([
      ['other.png', null, 'fit'],
      ['a.png', 'file', 'crop'],
      ['b.png', 'corrected', 'fit'],
    ]);
    expect(b().library.find((e) => e.id === b().activeModelId)?.origin).toBe('session');
    expect(b().threshold).toBe(0.3);
    expect(b().training.settings).toMatchObject({ epochs: 7, startFrom: 'current' });
    for (const id of ['a.png', 'b.png']) {
      const before = a().items.find((i) => i.id === id);
      const after = b().items.find((i) => i.id === id);
      // By value through JSON, as the archive keeps it (a letterbox offset of -0 comes back as 0).
      expect(after?.region).toEqual(JSON.parse(JSON.stringify(before?.region)));
      expect(itemScores(after as NonNullable<typeof after>, 0.3)).toEqual(itemScores(before as NonNullable<typeof before>, 0.3));
    }
    expect(b().items.find((i) => i.id === 'b.png')?.mask?.correction).toEqual(a().items.find((i) => i.id === 'b.png')?.mask?.correction);
    // Opening it again keeps the loaded images and says so.
    await b().openSession({ path: 'study.zip', size: bytes?.length ?? 0, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    expect(b().items).toHaveLength(3);
    expect(b().sessionReport?.problems).toEqual(['a.png is already loaded; the loaded one was kept', 'b.png is already loaded; the loaded one was kept']);
  }, 60_000);

  it('a pixel-size CSV dropped with the images is kept as the table; another CSV is listed with why', async () => {
    const store = makeStore();
    await store.getState().startEngine();
    const text = (path: string, body: string): SourceFile => ({ path, size: body.length, blob: new Blob([body]) });
    store.getState().addFiles([pngFile('d/001_HC.png', 30, 30, () => 9), text('d/pixel_size_and_hc.csv', 'filename,pixel size(mm),head circumference (mm)\n001_HC.png,0.069,44.3\n'), text('d/manifest.csv', 'id,notes\n1,x\n')]);
    await settled(store);
    for (let i = 0; i < 100 && store.getState().unpaired.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const s = store.getState();
    expect(s.pixelSizes?.file).toBe('d/pixel_size_and_hc.csv');
    expect(s.pixelSizes?.table.lookup('d/001_HC.png')).toMatchObject({ spacing: [0.069, 0.069], referenceHc: 44.3 });
    expect(s.unpaired).toEqual([{ path: 'd/manifest.csv', reason: expect.stringMatching(/^not a pixel-size table: it needs a file name column and a pixel size column/) }]);
    // A later drop keeps the line of the table that was not one.
    store.getState().addFiles([pngFile('d/002_HC.png', 30, 30, () => 9)]);
    expect(store.getState().unpaired.map((u) => u.path)).toEqual(['d/manifest.csv']);
    // A second table replaces the first, and the list says so.
    store.getState().addFiles([text('e/sizes.csv', 'filename,pixel size(mm)\n002_HC.png,0.1\n')]);
    for (let i = 0; i < 100 && store.getState().pixelSizes?.file !== 'e/sizes.csv'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(store.getState().unpaired).toContainEqual({ path: 'd/pixel_size_and_hc.csv', reason: 'pixel-size table replaced by e/sizes.csv (one is used at a time)' });
    await settled(store);
  });

  it('fine-tuning that cannot read a pair again ends in an error, not a run stuck in "running"; removing an image ends its edit session', async () => {
    const store = makeStore();
    const s = () => store.getState();
    await s().startEngine();
    const real = pngFile('a.png', 60, 40, disc);
    let reads = 0;
    // A file that can be read once (a USB stick pulled out afterwards).
    const flaky = { path: 'a.png', size: real.size, blob: { arrayBuffer: () => (reads++ === 0 ? real.blob.arrayBuffer() : Promise.reject(new Error('the file is gone'))) } as unknown as Blob };
    s().addFiles([flaky, pngFile('a_mask.png', 60, 40, (x, y) => (disc(x, y) === 255 ? 255 : 0))]);
    await settled(store);
    store.setState((st) => ({ items: st.items.map((i) => ({ ...i, raster: null })) }));
    await s().startTraining();
    expect(s().training.status).toBe('error');
    expect(s().training.message).toMatch(/^Fine-tuning did not start: a\.png could not be read again \(the file is gone\)/);

    s().addFiles([pngFile('b.png', 60, 40, disc)]);
    await settled(store);
    expect(s().startEditing('b.png', 'prediction')).toBe(true);
    s().removeItem('b.png');
    expect(s().edits['b.png']).toBeUndefined();
    s().addFiles([pngFile('b.png', 30, 20, disc)]);
    await settled(store);
    expect(s().edits['b.png']).toBeUndefined();
  });

  it('a session naming one image id twice opens the first and names the second', async () => {
    const store = makeStore();
    await store.getState().startEngine();
    const png = new Uint8Array(await pngFile('x.png', 60, 40, disc).blob.arrayBuffer());
    const image = { id: 'x', name: 'x', path: 'x.png', file: 'images/x.png', frame: null, geometry: 'fit' as const, region: null, window: null, mask: null };
    const bytes = writeSession(
      { format: SESSION_FORMAT, version: SESSION_VERSION, savedAt: '', model: { name: 'tiny', bundled: true, files: [] }, view: {}, training: {}, images: [image, { ...image, name: 'x again' }] },
      { 'images/x.png': png },
    );
    await store.getState().openSession({ path: 's.zip', size: bytes.length, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
    expect(store.getState().items.map((i) => i.name)).toEqual(['x']);
    expect(store.getState().sessionReport?.problems).toEqual(['x again is already loaded; the loaded one was kept']);
    await settled(store);
  });
});


describe('a multi-label (sigmoid) model of two classes', () => {
  /** Two sigmoids on a 1×1 convolution: class 1 p = σ(20x − 5), class 2 p = σ(20x − 14); classes a (value 1) and b (value 2). */
  async function loadTwoLabels(store: StoreApi<Studio>): Promise<void> {
    const net = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [32, 32, 1], filters: 2, kernelSize: 1, activation: 'sigmoid' })] });
    net.setWeights([tf.tensor4d([20, 20], [1, 1, 1, 2]), tf.tensor1d([-5, -14])]);
    const files = await toLayersFiles(net);
    net.dispose();
    const utf8 = (text: string) => new TextEncoder().encode(text);
    const metadata = { ...DEFAULT_METADATA, name: 'two-labels', activation: 'sigmoid', classes: [{ name: 'a', color: '#E69F00', value: 1 }, { name: 'b', color: '#56B4E9', value: 2 }] };
    await store.getState().startEngine();
    await store.getState().loadModelFiles([
      { path: 'two/model.json', size: 0, blob: new Blob([utf8(files.modelJson)]) },
      { path: `two/${WEIGHTS_FILE}`, size: 0, blob: new Blob([files.weights as Uint8Array<ArrayBuffer>]) },
      { path: `two/${METADATA_FILE}`, size: 0, blob: new Blob([utf8(JSON.stringify(metadata))]) },
    ]);
  }

  it('paints a chosen class; an unfinished correction comes back with its classes, and the accepted one is scored per class', async () => {
    const { kept, corrections } = memoryCorrections();
    const first = makeStore({}, corrections);
    await loadTwoLabels(first);
    first.getState().addFiles([pngFile('s.png', 32, 32, () => 79)]);
    await settled(first);
    expect(first.getState().startEditing('s.png', 'prediction')).toBe(true);
    first.getState().setEditClass(2);
    first.getState().applyStroke('s.png', [{ x: 5.5, y: 5.5 }]);
    // The model's label map is class a everywhere; the stroke painted class b over it (radius 8 around the top-left corner).
    expect(first.getState().edits['s.png'].mask.data[5 * 32 + 5]).toBe(2);
    expect(first.getState().edits['s.png'].mask.data[31 * 32 + 31]).toBe(1);
    for (let i = 0; i < 300 && kept.size === 0; i++) await new Promise((r) => setTimeout(r, 10));

    // A reload: the draft comes back with class b where it was painted.
    const second = makeStore({}, corrections);
    await loadTwoLabels(second);
    second.getState().addFiles([pngFile('again.png', 32, 32, () => 79)]);
    await settled(second);
    const draft = second.getState().edits['again.png'];
    expect(draft?.startedFrom).toBe('draft');
    expect(draft.mask.data[5 * 32 + 5]).toBe(2);
    expect(draft.mask.data[31 * 32 + 31]).toBe(1);
    second.getState().acceptEdit('again.png');
    const item = second.getState().items[0];
    expect(item.mask?.labels?.data[5 * 32 + 5]).toBe(2);
    const [a, b] = itemClassScores(item) ?? [];
    // The model's class a covers the truth's a and the stroke: recall 1, precision below.
    expect(a?.recall).toBe(1);
    expect(a?.precision).toBeLessThan(1);
    expect(b?.dice).toBe(0);
    expect(trainablePairs(second.getState().items, true)).toHaveLength(1);
  });

  it("re-scores each class when the threshold rests, without running the model again", async () => {
    const calls: Record<string, number> = {};
    const store = makeStore(calls);
    await loadTwoLabels(store);
    expect(store.getState().ready?.model.activation).toBe('sigmoid');
    // x = 0.31 everywhere (79/255): class 1 p = σ(1.2) ≈ 0.77, class 2 p ≈ 0.0003. The truth is class 1 everywhere.
    store.getState().addFiles([pngFile('s.png', 32, 32, () => 79), pngFile('s_mask.png', 32, 32, () => 1)]);
    await settled(store);
    const dice = () => itemClassScores(store.getState().items[0])?.[0]?.dice;
    expect(dice()).toBe(1);
    const segments = calls.segment;
    store.getState().setThreshold(0.8);
    await new Promise((r) => setTimeout(r, RESCORE_DELAY_MS + 20));
    await settled(store);
    expect(store.getState().items[0].mask?.classConfusion?.threshold).toBe(0.8);
    expect(dice()).toBe(0);
    store.getState().setThreshold(0.5);
    await new Promise((r) => setTimeout(r, RESCORE_DELAY_MS + 20));
    await settled(store);
    expect(dice()).toBe(1);
    expect(calls.segment).toBe(segments);
  });
});
