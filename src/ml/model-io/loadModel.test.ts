/**
 * Loading and converting models without ../shared: TF.js layers files, Keras 2 (.h5, JSON +
 * weights .h5) and Keras 3 (.keras, batch_shape) written from a generated U-Net must give the
 * same predictions as the original; bad inputs get messages that name what is wrong.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { keras2FullH5, keras2WeightsH5, kerasArchitecture, keras3Archive, keras3Config } from '../../testing/kerasFiles';
import { DEFAULT_METADATA } from '../../model/metadata';
import { buildUnet } from '../unet';
import { toLayersFiles } from './layersFiles';
import { loadModel } from './loadModel';
import { type NamedBytes } from '../../model/modelSource';

const SIZE = 32;
const text = (name: string, value: unknown): NamedBytes => ({ name, bytes: new TextEncoder().encode(JSON.stringify(value)) });
const input = Float32Array.from({ length: SIZE * SIZE }, (_, i) => ((i * 7919) % 255) / 255);

let reference: tf.LayersModel;
let expected: Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  reference = buildUnet({ size: SIZE, channels: 1, base: 2, depth: 1, batchNorm: true, seed: 11 });
  // Non-trivial BatchNorm statistics, so a misplaced weight would show.
  for (const layer of reference.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    layer.setWeights(layer.getWeights().map((w, i) => tf.add(w, tf.scalar(0.1 * (i + 1)))));
  }
  expected = tf.tidy(() => (reference.predict(tf.tensor4d(input, [1, SIZE, SIZE, 1])) as tf.Tensor).dataSync() as Float32Array);
});

async function predictionOf(files: NamedBytes[]): Promise<Float32Array> {
  const { model } = await loadModel({ kind: 'files', files });
  try {
    return await model.predict(input);
  } finally {
    model.dispose();
  }
}

function expectSame(actual: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(1e-6);
}

describe('TF.js layers files', () => {
  it('load back with identical predictions', async () => {
    const files = await toLayersFiles(reference);
    const loaded = await loadModel({ kind: 'files', files: [{ name: 'model.json', bytes: new TextEncoder().encode(files.modelJson) }, { name: 'weights.bin', bytes: files.weights }] });
    expect(loaded.format).toBe('tfjs-layers');
    expect(loaded.model.kind).toBe('layers');
    expectSame(await loaded.model.predict(input));
    loaded.model.dispose();
  });
  it('name a missing weight file, and a short one', async () => {
    const files = await toLayersFiles(reference);
    const json = { name: 'model.json', bytes: new TextEncoder().encode(files.modelJson) };
    await expect(loadModel({ kind: 'files', files: [json] })).rejects.toThrow('missing weight file(s) for model.json: weights.bin');
    await expect(loadModel({ kind: 'files', files: [json, { name: 'weights.bin', bytes: files.weights.subarray(0, 100) }] })).rejects.toThrow(
      'weight file(s) weights.bin hold 100 bytes',
    );
  });
  it('accept a Keras 3 topology (batch_shape, dtype policies), the tfjs#8494 case', async () => {
    const files = await toLayersFiles(reference);
    const json = JSON.parse(files.modelJson) as { modelTopology: unknown };
    const keras3 = { ...json, modelTopology: keras3Config(kerasArchitecture(reference)) };
    expectSame(await predictionOf([text('model.json', keras3), { name: 'weights.bin', bytes: files.weights }]));
  });
});

describe('Keras conversion', () => {
  it('converts an architecture JSON plus weights .h5', async () => {
    const loaded = await loadModel({ kind: 'files', files: [text('unet.json', kerasArchitecture(reference)), { name: 'weights.h5', bytes: await keras2WeightsH5(reference) }] });
    expect(loaded.format).toBe('keras-json+h5');
    expect(loaded.description).toContain('Keras 2.2.4 architecture JSON + weights .h5');
    expectSame(await loaded.model.predict(input));
    loaded.model.dispose();
  });
  it('converts a full-model .h5', async () => {
    expectSame(await predictionOf([{ name: 'unet.h5', bytes: await keras2FullH5(reference) }]));
  });
  it('converts a Keras 3 .keras archive (weights under class-based keys, not layer names)', async () => {
    expectSame(await predictionOf([{ name: 'unet.keras', bytes: await keras3Archive(reference) }]));
  });
  it('converts a Keras 3 archive whose layer names carry numeric suffixes (a model built second in a session)', async () => {
    // Offset 1: layer "conv2d_1" is stored under layers/conv2d; looking up by name would pour in
    // the next convolution's weights. Offset 9: the names match no key at all.
    expectSame(await predictionOf([{ name: 'unet.keras', bytes: await keras3Archive(reference, 1) }]));
    expectSame(await predictionOf([{ name: 'unet.keras', bytes: await keras3Archive(reference, 9) }]));
  });
  it('refuses an architecture JSON alone, saying what it is', async () => {
    await expect(loadModel({ kind: 'files', files: [text('model.json', kerasArchitecture(reference))] })).rejects.toThrow(
      'model.json is a Keras architecture file (model.to_json(), Keras 2.2.4), not a TF.js model.json',
    );
  });
  it('refuses weights without an architecture', async () => {
    await expect(loadModel({ kind: 'files', files: [{ name: 'weights.h5', bytes: await keras2WeightsH5(reference) }] })).rejects.toThrow(
      'weights.h5 holds weights only',
    );
  });
  it('names an unsupported layer and where it is', async () => {
    const architecture = kerasArchitecture(reference) as { config: { layers: Array<{ class_name: string; config: { name: string } }> } };
    architecture.config.layers[2].class_name = 'Lambda';
    const total = architecture.config.layers.length;
    await expect(loadModel({ kind: 'files', files: [text('model.json', architecture), { name: 'weights.h5', bytes: await keras2WeightsH5(reference) }] })).rejects.toThrow(
      `unsupported layer Lambda ("${architecture.config.layers[2].config.name}", layer 3 of ${total}): it runs Python code`,
    );
  });
  it('names a weight whose shape does not fit', async () => {
    const other = buildUnet({ size: SIZE, channels: 1, base: 3, depth: 1, batchNorm: true });
    await expect(loadModel({ kind: 'files', files: [text('model.json', kerasArchitecture(reference)), { name: 'w.h5', bytes: await keras2WeightsH5(other) }] })).rejects.toThrow(
      /weight enc0_a\/enc0_a\/kernel:0 is 3×3×1×3; layer "enc0_a" expects 3×3×1×2/,
    );
    other.dispose();
  });
});

describe('shapes the app adapts to or refuses', () => {
  async function filesOf(model: tf.LayersModel): Promise<NamedBytes[]> {
    const files = await toLayersFiles(model);
    model.dispose();
    return [{ name: 'model.json', bytes: new TextEncoder().encode(files.modelJson) }, { name: 'weights.bin', bytes: files.weights }];
  }
  it('takes the foreground class of a 2-class softmax, at any input size and 3 channels', async () => {
    const m = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 2, kernelSize: 1, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) })],
    });
    const rgb = Float32Array.from({ length: 16 * 16 * 3 }, (_, i) => (i % 13) / 13);
    const want = tf.tidy(() => (m.predict(tf.tensor4d(rgb, [1, 16, 16, 3])) as tf.Tensor).slice([0, 0, 0, 1], [1, 16, 16, 1]).dataSync());
    const { model } = await loadModel({ kind: 'files', files: await filesOf(m) }, { ...DEFAULT_METADATA, name: 'softmax' });
    expect(model.spec).toMatchObject({ size: 16, channels: 3 });
    expect(model.outputChannels).toBe(2);
    const got = await model.predict(rgb);
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i], 6);
    model.dispose();
  });
  it('refuses a non-square input and a wrong output, naming the shape', async () => {
    const wide = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [16, 24, 1], filters: 1, kernelSize: 1 })] });
    await expect(loadModel({ kind: 'files', files: await filesOf(wide) })).rejects.toThrow('input shape [null, 16, 24, 1] is not usable');
    const classifier = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [8, 8, 1] }), tf.layers.dense({ units: 3 })] });
    await expect(loadModel({ kind: 'files', files: await filesOf(classifier) })).rejects.toThrow('output shape [null, 3] is not usable');
  });

  it('reads a 4-class softmax as three classes named by its settings, planes in class order', async () => {
    const m = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 1, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })],
    });
    const x = Float32Array.from({ length: 64 }, (_, i) => (i % 7) / 7);
    const want = tf.tidy(() => (m.predict(tf.tensor4d(x, [1, 8, 8, 1])) as tf.Tensor).reshape([64, 4]).arraySync() as number[][]);
    const classes = [{ name: 'a', color: '#000000', value: 1 }];
    const { model } = await loadModel({ kind: 'files', files: await filesOf(m) }, { ...DEFAULT_METADATA, name: 'four', classes });
    expect(model.activation).toBe('softmax');
    expect(model.classes.map((c) => c.name)).toEqual(['a', 'class 2', 'class 3']);
    const { foreground, classes: planes } = await model.predictClasses(x);
    expect(planes).toHaveLength(3 * 64);
    for (let i = 0; i < 64; i++) {
      for (let k = 1; k < 4; k++) expect(planes?.[(k - 1) * 64 + i]).toBeCloseTo(want[i][k], 6);
      expect(foreground[i]).toBeCloseTo(1 - want[i][0], 5);
    }
    expect(Array.from(await model.predict(x))).toEqual(Array.from(foreground));
    model.dispose();
  });
  it('reads several sigmoid channels as independent classes, and refuses settings naming more classes than the output has', async () => {
    const make = () =>
      tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) })] });
    const { model } = await loadModel({ kind: 'files', files: await filesOf(make()) }, { ...DEFAULT_METADATA, name: 'two sigmoids' });
    expect(model.activation).toBe('sigmoid');
    expect(model.classes).toHaveLength(2);
    model.dispose();
    const three = ['a', 'b', 'c'].map((name, i) => ({ name, color: '#000000', value: i + 1 }));
    await expect(loadModel({ kind: 'files', files: await filesOf(make()) }, { ...DEFAULT_METADATA, name: 'x', classes: three })).rejects.toThrow(
      "the model's settings name 3 classes but its output (2 channels, sigmoid) has 2",
    );
  });
});
