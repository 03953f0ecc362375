/**
 * Where a Keras 3 `.weights.h5` keeps each layer's variables. Keras 3 does not key them by the
 * layer's name (names are auto-generated and differ between two builds of the same model: a U-Net
 * built second in a notebook has `conv2d_9…conv2d_17`), but by the layer's class in snake case,
 * numbered in the order of the model's layer list: `layers/conv2d`, `layers/conv2d_1`, …
 * (keras/src/saving/saving_lib.py, `_save_container_state`, with `naming.to_snake_case`).
 * Pure: no TF.js, so it is tested on configs alone.
 */

/** Keras's `naming.to_snake_case`: "Conv2DTranspose" → "conv2d_transpose", "BatchNormalization" → "batch_normalization". */
export function kerasSnakeCase(className: string): string {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

export interface ConfigLayer {
  readonly className: string;
  readonly name: string;
}

/**
 * Maps each layer name to its key under `layers/` in a Keras 3 weights file, for layers given in
 * the order of the model config's `layers` list (the order Keras saves them in).
 */
export function keras3LayerKeys(layers: readonly ConfigLayer[]): Map<string, string> {
  const used = new Map<string, number>();
  const keys = new Map<string, string>();
  for (const layer of layers) {
    const base = kerasSnakeCase(layer.className);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    keys.set(layer.name, count === undefined ? base : `${base}_${count + 1}`);
  }
  return keys;
}
