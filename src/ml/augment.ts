/**
 * Training augmentation in the manner of Keras's ImageDataGenerator, done as tensor ops on the
 * backend (GPU where there is one): one random affine warp per sample — rotation, width/height
 * shift, shear, zoom, horizontal flip — applied identically to image and mask with
 * `tf.image.transform` (bilinear for the image, nearest for the mask, so its class values stay
 * exact — 0/1, or 0 … C − 1 for a multi-class label map — with no value in between), then
 * brightness and contrast on the image only. Random numbers come from a seeded generator so a run
 * can be repeated.
 */
import * as tf from '@tensorflow/tfjs';
import './kernels/cpuBatchFixes';
import { type AugmentOptions } from '../model/augmentOptions';


/** Park–Miller minimal standard generator: small, seedable, good enough for augmentation. */
export function seededRandom(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  if (state <= 0) state += 2147483646;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** One sample's warp as a sampling map: input position = A · (output position − centre) + centre + t. */
export interface Warp {
  readonly a: readonly [number, number, number, number];
  readonly tx: number;
  readonly ty: number;
}

export function randomWarp(options: AugmentOptions, size: number, random: () => number): Warp {
  const uniform = (max: number) => (random() * 2 - 1) * max;
  const theta = (uniform(options.rotation) * Math.PI) / 180;
  const shear = (uniform(options.shear) * Math.PI) / 180;
  const zx = 1 + uniform(options.zoom);
  const zy = 1 + uniform(options.zoom);
  const flip = options.horizontalFlip && random() < 0.5 ? -1 : 1;
  const [c, s] = [Math.cos(theta), Math.sin(theta)];
  // Rotation · shear · zoom, then the flip mirrors x about the centre.
  const m = [c, -s * Math.cos(shear) + c * Math.sin(shear), s, c * Math.cos(shear) + s * Math.sin(shear)];
  const a: Warp['a'] = [m[0] * zx * flip, m[1] * zy, m[2] * zx * flip, m[3] * zy];
  return { a, tx: uniform(options.widthShift) * size, ty: uniform(options.heightShift) * size };
}

/** tf.image.transform's 8 numbers (output → input) for a warp on a size×size image. */
export function transformRow(warp: Warp, size: number): number[] {
  const centre = (size - 1) / 2;
  const [a0, a1, b0, b1] = warp.a;
  return [a0, a1, centre - a0 * centre - a1 * centre + warp.tx, b0, b1, centre - b0 * centre - b1 * centre + warp.ty, 0, 0];
}

/**
 * Augments a batch; returns new tensors (the caller disposes them). `images` [N, S, S, C] in the
 * model's input range, `masks` [N, S, S, 1] of class indices (0/1 when binary).
 */
export function augmentBatch(
  images: tf.Tensor4D,
  masks: tf.Tensor4D,
  options: AugmentOptions,
  random: () => number,
): { images: tf.Tensor4D; masks: tf.Tensor4D } {
  const [n, size] = images.shape;
  const warps = Array.from({ length: n }, () => transformRow(randomWarp(options, size, random), size));
  const jitter = Array.from({ length: n }, () => [1 + (random() * 2 - 1) * options.contrast, (random() * 2 - 1) * options.brightness]);
  return tf.tidy(() => {
    const transforms = tf.tensor2d(warps, [n, 8]);
    const warpedImages = tf.image.transform(images, transforms, 'bilinear', 'nearest');
    const warpedMasks = tf.image.transform(masks, transforms, 'nearest', 'nearest');
    const axes = [1, 2, 3];
    const mean = tf.mean(warpedImages, axes, true);
    const range = tf.sub(tf.max(warpedImages, axes, true), tf.min(warpedImages, axes, true));
    const contrast = tf.tensor4d(jitter.map((j) => j[0]), [n, 1, 1, 1]);
    const brightness = tf.mul(tf.tensor4d(jitter.map((j) => j[1]), [n, 1, 1, 1]), range);
    const adjusted = tf.add(tf.add(tf.mul(tf.sub(warpedImages, mean), contrast), mean), brightness) as tf.Tensor4D;
    return { images: adjusted, masks: warpedMasks };
  });
}
