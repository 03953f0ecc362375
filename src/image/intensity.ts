/**
 * Intensity scaling from [0, 1] samples to the range a model was trained on.
 * "unit" keeps [0, 1] (pixel / max), "symmetric" maps to [-1, 1], "zscore" standardises
 * each image to mean 0 and standard deviation 1 (over the whole model input, padding included,
 * since that is what the network sees).
 */

export type IntensityMode = 'unit' | 'symmetric' | 'zscore';

export const INTENSITY_MODES: readonly IntensityMode[] = ['unit', 'symmetric', 'zscore'];

export function describeIntensity(mode: IntensityMode): string {
  switch (mode) {
    case 'unit':
      return 'pixel / max → [0, 1]';
    case 'symmetric':
      return 'pixel / max × 2 − 1 → [−1, 1]';
    case 'zscore':
      return '(pixel − mean) / std, per image';
  }
}

/** Scales `values` (in [0, 1]) in place to the model's range and returns them. */
export function applyIntensity(values: Float32Array, mode: IntensityMode): Float32Array {
  if (mode === 'unit') return values;
  if (mode === 'symmetric') {
    for (let i = 0; i < values.length; i++) values[i] = values[i] * 2 - 1;
    return values;
  }
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i] - mean) ** 2;
  // A constant image has no spread; dividing by a tiny epsilon would blow noise up, so use 1.
  const std = Math.sqrt(sq / values.length) || 1;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] - mean) / std;
  return values;
}
