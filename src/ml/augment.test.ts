import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENTATION, NO_AUGMENTATION } from '../model/augmentOptions';
import { augmentBatch, seededRandom } from './augment';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const SIZE = 32;
/** An asymmetric L-shaped object, so flips and rotations are visible. */
function shape(): Float32Array {
  const out = new Float32Array(SIZE * SIZE);
  for (let y = 6; y < 26; y++) for (let x = 8; x < 14; x++) out[y * SIZE + x] = 1;
  for (let y = 20; y < 26; y++) for (let x = 8; x < 24; x++) out[y * SIZE + x] = 1;
  return out;
}

function run(options: typeof NO_AUGMENTATION, seed: number, n = 4) {
  const base = shape();
  const images = tf.tensor4d(Array.from({ length: n }, () => Array.from(base)).flat(), [n, SIZE, SIZE, 1]);
  const masks = images.clone();
  const out = augmentBatch(images, masks, options, seededRandom(seed));
  const result = { images: out.images.dataSync() as Float32Array, masks: out.masks.dataSync() as Float32Array };
  tf.dispose([images, masks, out.images, out.masks]);
  return result;
}

describe('augmentBatch', () => {
  it('without augmentation returns the input exactly', () => {
    const { images, masks } = run(NO_AUGMENTATION, 1, 1);
    expect(Array.from(images)).toEqual(Array.from(shape()));
    expect(Array.from(masks)).toEqual(Array.from(shape()));
  });

  it('a horizontal flip moves image and mask identically, pixel for pixel', () => {
    // Flip only: every sampling position is a whole pixel, so bilinear = nearest.
    const options = { ...NO_AUGMENTATION, horizontalFlip: true, widthShift: 0 };
    for (const seed of [1, 2, 3, 4, 5]) {
      const { images, masks } = run(options, seed);
      expect(Array.from(images)).toEqual(Array.from(masks));
    }
  });

  it('random warps keep the mask binary and aligned with the image', () => {
    const { images, masks } = run({ ...DEFAULT_AUGMENTATION, rotation: 30, shear: 10, zoom: 0.2, brightness: 0, contrast: 0 }, 7);
    expect(new Set(masks)).toEqual(new Set([0, 1]));
    for (let s = 0; s < 4; s++) {
      const centroid = (values: Float32Array, cut: number) => {
        let sx = 0;
        let sy = 0;
        let count = 0;
        for (let i = 0; i < SIZE * SIZE; i++) {
          if (values[s * SIZE * SIZE + i] > cut) {
            sx += i % SIZE;
            sy += Math.floor(i / SIZE);
            count++;
          }
        }
        return [sx / count, sy / count];
      };
      const [ix, iy] = centroid(images, 0.5);
      const [mx, my] = centroid(masks, 0.5);
      expect(Math.abs(ix - mx)).toBeLessThan(0.5);
      expect(Math.abs(iy - my)).toBeLessThan(0.5);
    }
    // Each sample got its own warp.
    expect(Array.from(masks.subarray(0, SIZE * SIZE))).not.toEqual(Array.from(masks.subarray(SIZE * SIZE, 2 * SIZE * SIZE)));
  });

  it('is repeatable for a seed and leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    expect(run(DEFAULT_AUGMENTATION, 9).images).toEqual(run(DEFAULT_AUGMENTATION, 9).images);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the CPU Transform kernel fix', () => {
  it('warps every sample of a batch, not only the first', () => {
    const images = tf.ones([3, 4, 4, 1]) as tf.Tensor4D;
    const identity = tf.tensor2d([1, 0, 0, 0, 1, 0, 0, 0], [1, 8]);
    const out = tf.image.transform(images, tf.tile(identity, [3, 1]) as tf.Tensor2D, 'nearest', 'nearest');
    expect(Array.from(out.sum([1, 2, 3]).dataSync())).toEqual([16, 16, 16]);
    tf.dispose([images, identity, out]);
  });
});

describe('the CPU ResizeNearestNeighborGrad fix', () => {
  it('gives each sample of a batch the gradient it gets alone', () => {
    const x = tf.randomUniform([3, 4, 4, 2], 0, 1, 'float32', 5) as tf.Tensor4D;
    const weights = tf.randomUniform([3, 8, 8, 2], 0, 1, 'float32', 6);
    const grad = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(input as tf.Tensor4D, [8, 8]), weights)));
    const batched = grad(x).arraySync() as number[][][][];
    for (let b = 0; b < 3; b++) {
      const alone = tf.grad((input: tf.Tensor) =>
        tf.sum(tf.mul(tf.image.resizeNearestNeighbor(input as tf.Tensor4D, [8, 8]), weights.slice([b, 0, 0, 0], [1, 8, 8, 2]))),
      )(x.slice([b, 0, 0, 0], [1, 4, 4, 2]));
      expect(batched[b]).toEqual((alone.arraySync() as number[][][][])[0]);
      alone.dispose();
    }
    tf.dispose([x, weights]);
  });
});

describe('augmentBatch on a multi-class label map', () => {
  it('keeps class values exact: after any warp the values are a subset of the original set', () => {
    const n = 4;
    // Quadrant blocks of classes 0, 1, 2 and 3, plus a class-3 bar across class 1.
    const labels = new Float32Array(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) labels[y * SIZE + x] = (y < SIZE / 2 ? 0 : 2) + (x < SIZE / 2 ? 0 : 1);
    }
    for (let x = 18; x < 30; x++) labels[5 * SIZE + x] = 3;
    const original = new Set(labels);
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const images = tf.tensor4d(Array.from({ length: n }, () => Array.from(labels, (v) => v / 3)).flat(), [n, SIZE, SIZE, 1]);
      const masks = tf.tensor4d(Array.from({ length: n }, () => Array.from(labels)).flat(), [n, SIZE, SIZE, 1]);
      const out = augmentBatch(images, masks, { ...DEFAULT_AUGMENTATION, rotation: 30, zoom: 0.2, shear: 10 }, seededRandom(seed));
      const values = out.masks.dataSync();
      const seen = new Set(values);
      for (const v of seen) expect(original.has(v)).toBe(true);
      // The warp did move things (not the identity).
      expect(Array.from(values).some((v, i) => v !== labels[i % (SIZE * SIZE)])).toBe(true);
      tf.dispose([images, masks, out.images, out.masks]);
    }
  });
});
