/**
 * Real third-party model files from ../shared/fixtures (skipped, with the reason, when absent):
 * a Keras 2.2.2 U-Net converted here must segment ISBI 2012 as well as it does in Keras, and
 * converter-made TF.js model.json files without their weights must be recognised, refused by
 * name, and load and run once weights matching their manifests are supplied.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../image/decode';
import { fitRegion } from '../../image/geometry';
import { maskFromRaster } from '../../image/mask';
import { probabilitiesOnImage } from '../../image/segmentation';
import { confusionAt } from '../../metrics/confusion';
import { meanScores, scoresFromConfusion } from '../../metrics/scores';
import { segmentRaster } from '../segmentRaster';
import { loadModel } from './loadModel';
import { type NamedBytes } from '../../model/modelSource';
import { weightsForManifest } from '../../testing/weightsForManifest';

const SHARED = resolve('../shared');
const FIXTURES = join(SHARED, 'fixtures');
const ISBI = join(SHARED, 'data', 'isbi2012_em_membranes');
const absent = !existsSync(FIXTURES) || !existsSync(ISBI);
const file = (dir: string, name: string): NamedBytes => ({ name, bytes: new Uint8Array(readFileSync(join(FIXTURES, dir, name))) });

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.skipIf(absent)(`real model fixtures (need ${FIXTURES} and ${ISBI})`, () => {
  const KERAS = 'keras_h5_unet_isbi_skbmir';

  it('the Keras 2.2.2 U-Net, converted here, segments ISBI 2012 cell interiors with mean Dice ≥ 0.90', async () => {
    const { model, format } = await loadModel({ kind: 'files', files: [file(KERAS, 'model.json'), file(KERAS, 'weights.h5')] });
    expect(format).toBe('keras-json+h5');
    expect(model.parameterCount).toBe(23017);
    const scores = [];
    for (const name of readdirSync(join(ISBI, 'images')).sort()) {
      const raster = await decodeImage(new Uint8Array(readFileSync(join(ISBI, 'images', name))));
      const truth = maskFromRaster(await decodeImage(new Uint8Array(readFileSync(join(ISBI, 'masks', name)))));
      const seg = await segmentRaster(model, raster, fitRegion(raster.width, raster.height));
      scores.push(scoresFromConfusion(confusionAt(probabilitiesOnImage(seg), seg.box, truth, 0.5)));
    }
    model.dispose();
    const mean = meanScores(scores)?.dice ?? 0;
    console.log(`ISBI 2012, Keras fixture converted in JS: mean Dice ${mean.toFixed(4)} over ${scores.length} slices (white = cell interior)`);
    expect(scores).toHaveLength(20);
    expect(mean).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('its architecture JSON alone is refused as what it is', async () => {
    await expect(loadModel({ kind: 'files', files: [file(KERAS, 'model.json')] })).rejects.toThrow(
      'model.json is a Keras architecture file (model.to_json(), Keras 2.2.2), not a TF.js model.json',
    );
  });

  const partial = [
    { dir: 'tfjs_layers_unet_camicroscope_mitosis_PARTIAL', kind: 'layers', size: 256, shards: ['group1-shard1of2.bin', 'group1-shard2of2.bin'] },
    { dir: 'tfjs_graph_unet_sonoscanai_lesion_PARTIAL', kind: 'graph', size: 128, shards: ['group1-shard1of8.bin', 'group1-shard8of8.bin'] },
  ] as const;

  for (const { dir, kind, size, shards } of partial) {
    it(`${dir}: refused for its missing weights, then loads and runs with generated ones`, async () => {
      const json = file(dir, 'model.json');
      const error = await loadModel({ kind: 'files', files: [json] }).then(
        () => null,
        (e: Error) => e.message,
      );
      expect(error).toContain('missing weight file(s) for model.json');
      for (const shard of shards) expect(error).toContain(shard);

      const weights = weightsForManifest(JSON.parse(new TextDecoder().decode(json.bytes)));
      const { model, format } = await loadModel({ kind: 'files', files: [json, ...weights] });
      expect(model.kind).toBe(kind);
      expect(format).toBe(kind === 'layers' ? 'tfjs-layers' : 'tfjs-graph');
      expect(model.spec).toMatchObject({ size, channels: 3 });
      const image = Float32Array.from({ length: size * size * 3 }, (_, i) => (i % 97) / 97);
      const out = await model.predict(image);
      expect(out).toHaveLength(size * size);
      expect(out.every((p) => p >= 0 && p <= 1)).toBe(true);
      model.dispose();
      // WASM, the backend of GPU-less machines, gives the same output (its fused convolution
      // needs the bias fix in graphFixes.ts for the graph model).
      await tf.setBackend('wasm');
      try {
        const onWasm = await loadModel({ kind: 'files', files: [json, ...weights] });
        const wasmOut = await onWasm.model.predict(image);
        onWasm.model.dispose();
        let worst = 0;
        for (let i = 0; i < out.length; i++) worst = Math.max(worst, Math.abs(out[i] - wasmOut[i]));
        expect(worst).toBeLessThan(1e-4);
      } finally {
        await tf.setBackend('cpu');
      }
    }, 120_000);
  }
});
