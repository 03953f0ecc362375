/**
 * The inference network's rewrites — BatchNorm folded into convolutions, up-sampling + 2×2
 * convolution fused — give the same probabilities as the model (≤ 1e-4) on a generated U-Net with
 * conv → BN → ReLU, random BatchNorm statistics and up-convolutions (some folded, on WASM with our
 * fused kernel and with TF.js's kernels), pick up new weights after they change (as fine-tuning
 * changes them), fold nothing but fuse the four up-convolutions of the bundled model (its BatchNorm
 * follows the ReLU), and leave no tensor behind.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { relativeError, seededUniform } from '../testing/numeric';
import { inferenceNetwork } from './inferenceNetwork';
import { selectWasmKernels } from './kernels/wasm/register';
import { buildUnet } from './unet';

/** Gives every BatchNorm layer random gamma, beta, mean and variance (a fresh one is the identity). */
function randomiseBatchNorm(model: tf.LayersModel, seed: number): void {
  for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    const values = layer.getWeights().map((w, i) => {
      const u = seededUniform(w.size, seed++);
      // gamma in ±[0.5, 1.5], beta and mean in [−1, 1), variance in [0.1, 2.1).
      const v = [u.map((x) => (x < 0 ? -1 : 1) * (1 + x / 2)), u, u, u.map((x) => 1.1 + x)][i];
      return tf.tensor(v, w.shape);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
}

async function predictions(run: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): Promise<Float32Array> {
  const y = run(x);
  const values = (await y.data()) as Float32Array;
  y.dispose();
  return values;
}

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('inferenceNetwork', () => {
  it('folds every conv → BN → ReLU of a generated U-Net and gives its probabilities within 1e-4', async () => {
    const model = buildUnet({ size: 32, channels: 1, base: 4, depth: 2, batchNorm: true, seed: 2 });
    randomiseBatchNorm(model, 100);
    const x = tf.tensor4d(seededUniform(2 * 32 * 32, 3), [2, 32, 32, 1]);
    const net = inferenceNetwork(model);
    const convs = model.layers.filter((l) => l.getClassName() === 'Conv2D').length;
    // Every convolution but the sigmoid head is followed by BatchNorm; each of the two levels has an up-convolution.
    expect(net.foldedLayers).toBe(convs - 1);
    expect(net.fusedUpConvolutions).toBe(2);
    const want = await predictions((t) => model.predict(t) as tf.Tensor, x);
    expect(relativeError(await predictions(net.predict, x), want)).toBeLessThanOrEqual(1e-4);
    // TF.js's own kernels (the fused up-convolution falls back to its resize and convolution): the same.
    selectWasmKernels('stock');
    try {
      expect(relativeError(await predictions(net.predict, x), want)).toBeLessThanOrEqual(1e-4);
    } finally {
      selectWasmKernels('custom');
    }

    // New weights in the source model (what an optimizer step does) reach the folded network.
    randomiseBatchNorm(model, 200);
    const kernel = model.getLayer('enc0_a').getWeights()[0];
    const doubled = tf.mul(kernel, 2);
    model.getLayer('enc0_a').setWeights([doubled, model.getLayer('enc0_a').getWeights()[1]]);
    doubled.dispose();
    const after = await predictions((t) => model.predict(t) as tf.Tensor, x);
    expect(relativeError(after, want)).toBeGreaterThan(1e-3);
    expect(relativeError(await predictions(net.predict, x), after)).toBeLessThanOrEqual(1e-4);

    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await predictions(net.predict, x);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    // The source model is intact after the folded network is gone.
    expect(relativeError(await predictions((t) => model.predict(t) as tf.Tensor, x), after)).toBe(0);
    x.dispose();
    model.dispose();
  });

  it('fuses the up-convolutions of a U-Net without BatchNorm to within 1e-5, and only up-sampling + 2×2 convolution pairs', async () => {
    const model = buildUnet({ size: 32, channels: 1, base: 4, depth: 3, batchNorm: false, seed: 4 });
    const x = tf.tensor4d(seededUniform(32 * 32, 6), [1, 32, 32, 1]);
    const net = inferenceNetwork(model);
    expect(net.foldedLayers).toBe(0);
    expect(net.fusedUpConvolutions).toBe(3);
    const original = await predictions((t) => model.predict(t) as tf.Tensor, x);
    expect(relativeError(await predictions(net.predict, x), original)).toBeLessThanOrEqual(1e-5);
    // On WASM our fused kernel runs, in place of TF.js's resize and convolution.
    const kernels = async () => {
      const info = await tf.profile(() => net.predict(x));
      tf.dispose(info.result as tf.Tensor);
      return info.kernelNames;
    };
    expect(await kernels()).toContain('UpSampleConv2D');
    expect(await kernels()).not.toContain('ResizeNearestNeighbor');
    selectWasmKernels('stock');
    try {
      expect(await kernels()).not.toContain('UpSampleConv2D');
    } finally {
      selectWasmKernels('custom');
    }
    // New weights in an up-convolution (not folded: copied as they are) reach the network.
    const upConv = model.getLayer('up0');
    const [kernel, bias] = upConv.getWeights();
    const negated = tf.neg(kernel);
    upConv.setWeights([negated, bias]);
    negated.dispose();
    const changed = await predictions((t) => model.predict(t) as tf.Tensor, x);
    expect(relativeError(changed, original)).toBeGreaterThan(1e-3);
    expect(relativeError(await predictions(net.predict, x), changed)).toBeLessThanOrEqual(1e-5);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await predictions(net.predict, x);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
    // An up-sampling whose output also feeds another layer, or a 3×3 convolution after it, stays as it is.
    const input = tf.input({ shape: [8, 8, 4] });
    const up = tf.layers.upSampling2d({ size: [2, 2] }).apply(input) as tf.SymbolicTensor;
    const a = tf.layers.conv2d({ filters: 4, kernelSize: 2, padding: 'same' }).apply(up) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(tf.layers.upSampling2d({ size: [2, 2] }).apply(input) as tf.SymbolicTensor) as tf.SymbolicTensor;
    const shared = tf.model({ inputs: input, outputs: [tf.layers.add().apply([a, up]) as tf.SymbolicTensor, b] });
    expect(inferenceNetwork(shared).fusedUpConvolutions).toBe(0);
    shared.dispose();
    x.dispose();
    model.dispose();
  });

  it("fuses the bundled model's four up-convolutions (folds nothing: BatchNorm after ReLU) and gives its output within 1e-5", async () => {
    const dir = 'public/models/unet-hc18-b16';
    const json = JSON.parse(readFileSync(`${dir}/model.json`, 'utf8')) as { modelTopology: object; weightsManifest: Array<{ weights: tf.io.WeightsManifestEntry[] }> };
    const bin = readFileSync(`${dir}/weights.bin`);
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest.flatMap((g) => g.weights), weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }),
    );
    const net = inferenceNetwork(model);
    expect(net.foldedLayers).toBe(0);
    expect(net.fusedUpConvolutions).toBe(4);
    const [, size, , channels] = model.inputs[0].shape as number[];
    const x = tf.tensor4d(seededUniform(size * size * channels, 5).map((v) => (v + 1) / 2), [1, size, size, channels]);
    expect(relativeError(await predictions(net.predict, x), await predictions((t) => model.predict(t) as tf.Tensor, x))).toBeLessThanOrEqual(1e-5);
    net.dispose();
    x.dispose();
    model.dispose();
  });
});
