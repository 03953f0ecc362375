/**
 * A real Keras 3.8 archive from a public repository (../shared/field/keras3-archive-layer-keys;
 * skipped, with the reason, when absent): its layers are named conv2d_9…conv2d_17 while its
 * weights file keys them conv2d…conv2d_8, as Keras 3 always does. It must load, every layer
 * getting the array Keras would give it (shapes checked), and segment.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from './loadModel';

const FILE = resolve('../shared/field/keras3-archive-layer-keys/unet_model.keras');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe.skipIf(!existsSync(FILE))(`a real Keras 3 archive with suffixed layer names (needs ${FILE})`, () => {
  it('loads with its weights mapped by class and order, and predicts probabilities', async () => {
    const { model, format } = await loadModel({ kind: 'files', files: [{ name: 'unet_model.keras', bytes: new Uint8Array(readFileSync(FILE)) }] });
    try {
      expect(format).toBe('keras3');
      expect(model.spec.size).toBe(128);
      expect(model.spec.channels).toBe(3);
      const input = Float32Array.from({ length: 128 * 128 * 3 }, (_, i) => ((i * 7919) % 251) / 251);
      const out = await model.predict(input);
      expect(out.length).toBe(128 * 128);
      expect(out.every((p) => Number.isFinite(p) && p >= 0 && p <= 1)).toBe(true);
    } finally {
      model.dispose();
    }
  });
});
