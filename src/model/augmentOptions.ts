/** Augmentation settings (plain data, no TF.js), in the terms of Keras's ImageDataGenerator. */

export interface AugmentOptions {
  /** Maximum rotation, degrees (Keras rotation_range). */
  readonly rotation: number;
  /** Maximum shift as a fraction of width / height (Keras width/height_shift_range). */
  readonly widthShift: number;
  readonly heightShift: number;
  /** Maximum shear angle, degrees (Keras shear_range). */
  readonly shear: number;
  /** Zoom in [1 − zoom, 1 + zoom] (Keras zoom_range). */
  readonly zoom: number;
  readonly horizontalFlip: boolean;
  /** Additive brightness in ±brightness × the image's value range. */
  readonly brightness: number;
  /** Contrast factor in [1 − contrast, 1 + contrast], around the image's mean. */
  readonly contrast: number;
}

/** The tutorial's generator settings (rotation 0.2 rad ≈ 11°, shifts 5 %, shear ≈ 3°, zoom 5 %, flips). */
export const DEFAULT_AUGMENTATION: AugmentOptions = {
  rotation: 11,
  widthShift: 0.05,
  heightShift: 0.05,
  shear: 3,
  zoom: 0.05,
  horizontalFlip: true,
  brightness: 0.05,
  contrast: 0.1,
};

export const NO_AUGMENTATION: AugmentOptions = {
  rotation: 0,
  widthShift: 0,
  heightShift: 0,
  shear: 0,
  zoom: 0,
  horizontalFlip: false,
  brightness: 0,
  contrast: 0,
};
