/**
 * The two-model compare through the real engine, in this thread behind the same structured
 * clone as the worker: the second model runs on the selected image only, once per image, region
 * and window, and the model in use stays the one in use.
 */
import { encode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../ml/backends';
import { toLayersFiles } from '../../ml/model-io/layersFiles';
import { buildUnet } from '../../ml/unet';
import { DEFAULT_METADATA, METADATA_FILE } from '../../model/metadata';
import { WEIGHTS_FILE } from '../../model/layersFiles';
import { type ModelSource } from '../../model/modelSource';
import { decodeImage } from '../../image/decode';
import { acrossClone, inThreadEngine } from '../../worker/inThread';
import { createStudioStore } from '../store';
import { type SourceFile } from '../types';

async function tinyModel(name: string, size: number, seed: number): Promise<ModelSource> {
  const model = buildUnet({ size, channels: 1, base: 2, depth: 1, seed });
  const files = await toLayersFiles(model);
  model.dispose();
  const utf8 = (text: string) => new TextEncoder().encode(text);
  return {
    kind: 'files',
    files: [
      { name: `${name}/model.json`, bytes: utf8(files.modelJson) },
      { name: `${name}/${WEIGHTS_FILE}`, bytes: files.weights },
      { name: `${name}/${METADATA_FILE}`, bytes: utf8(JSON.stringify({ ...DEFAULT_METADATA, name })) },
    ],
  };
}

function pngFile(path: string, value: (x: number, y: number) => number): SourceFile {
  const [width, height] = [60, 40];
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = value(x, y);
  const bytes = encode({ width, height, data, channels: 1, depth: 8 });
  return { path, size: bytes.length, blob: new Blob([bytes as Uint8Array<ArrayBuffer>]) };
}

let first: ModelSource;
let second: ModelSource;

beforeAll(async () => {
  await chooseBackend({ forced: 'cpu' });
  first = await tinyModel('first', 32, 3);
  second = await tinyModel('second', 16, 5);
});

describe('two-model compare', () => {
  it('runs the second model on the selected image once per image and region, beside the model in use', async () => {
    const calls = { segmentWithOther: 0 };
    const engine = inThreadEngine();
    const counted = { ...engine, segmentWithOther: (...args: Parameters<typeof engine.segmentWithOther>) => (calls.segmentWithOther++, engine.segmentWithOther(...args)) };
    const store = createStudioStore({
      engine: counted,
      decode: acrossClone({ decode: (bytes: Uint8Array, frame: number) => decodeImage(bytes, undefined, frame) }).decode,
      storage: { list: async () => [], get: async () => null, put: async () => undefined, remove: async () => undefined, clear: async () => undefined },
      forcedBackend: 'cpu',
      initialModel: { name: 'first', origin: 'bundled', source: first },
      otherBundledModels: [{ name: 'second', source: second }],
    });
    const s = () => store.getState();
    await s().startEngine();
    s().addFiles([pngFile('a.png', (x, y) => ((x - 30) ** 2 + (y - 20) ** 2 < 150 ? 255 : 30))]);
    for (let i = 0; i < 500 && s().items[0]?.status !== 'done'; i++) await new Promise((r) => setTimeout(r, 10));
    s().select('a.png');

    s().setCompareMode('model');
    expect(s().compare.otherModelId).toBe('bundled:second');
    await s().runOtherModel();
    const run = s().otherRun;
    expect(run?.status).toBe('done');
    expect(run?.result?.name).toBe('second');
    // The second model's own grid, over the image's region as the model in use sees it.
    expect(run?.result?.segmentation.gridSize).toBe(16);
    expect(run?.result?.segmentation.grid.length).toBe(16 * 16);
    expect(run?.result?.segmentation.box).toEqual(s().items[0].segmentation?.box);
    expect(s().ready?.model.metadata.name).toBe('first');

    // The same image, region and window: no second run. A moved region: run again.
    await s().runOtherModel();
    expect(calls.segmentWithOther).toBe(1);
    s().setRegion('a.png', { x: 10, y: 0, size: 40 });
    await s().runOtherModel();
    expect(calls.segmentWithOther).toBe(2);
    expect(s().otherRun?.region).toEqual({ x: 10, y: 0, size: 40 });
  }, 60_000);
});
