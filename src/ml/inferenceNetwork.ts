/**
 * The network that inference runs: the model's own graph with two exact rewrites, refreshed from
 * the model's weights whenever those change (fine-tuning assigns new tensors to the variables,
 * which is what is checked). The training model is left as it is.
 *
 * 1. BatchNorm folded into the convolution before it. In a Conv2D (linear) → BatchNormalization
 *    (→ ReLU) chain, inference-mode BatchNorm is a per-channel affine map y = s·(z − mean) + beta
 *    with s = gamma / √(variance + ε), so it can live in the convolution's weights: W' = W·s (per
 *    output channel) and b' = s·(b − mean) + beta; a ReLU right after it becomes the convolution's
 *    activation. Each chain then runs as one fused convolution instead of a convolution and two
 *    full passes over the activations. A BatchNorm after a ReLU (conv(relu) → BN, as in the bundled
 *    HC18 model) cannot be folded into the convolution before it, and folding it into the one after
 *    is exact only without zero padding; such layers are left unfolded.
 * 2. Up-convolutions fused: UpSampling2D (nearest, ×2) whose only consumer is a Conv2D (2×2,
 *    stride 1, 'same', linear or ReLU, or folded as in 1) becomes one UpSampleConv2D layer
 *    (upSampleConv2d.ts), which on WASM computes the convolution from the small input: the
 *    classic Keras U-Net's decoder (and the bundled model's) has four.
 *
 * Models with nothing to rewrite run unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import { type UpConvActivation, UpSampleConv2D } from './upSampleConv2d';

/** A network for inference only; `predict` returns a tensor the caller disposes. */
export interface InferenceNetwork {
  /** [B, H, W, C] in → the model's output; the same values as the source model's predict (to float32 rounding). */
  predict(input: tf.Tensor): tf.Tensor;
  /** Convolutions that carry a folded BatchNorm (both counts 0: the source model runs as it is). */
  readonly foldedLayers: number;
  /** Up-sampling + convolution pairs run as one UpSampleConv2D. */
  readonly fusedUpConvolutions: number;
  /** Frees the rewritten network's own weights (never the source model's). */
  dispose(): void;
}

type Layer = tf.layers.Layer;

interface Fold {
  readonly conv: Layer;
  readonly bn: Layer;
  /** The ReLU activation layer after the BatchNorm, taken into the convolution, if any. */
  readonly relu: Layer | null;
}

function inputsOf(layer: Layer): tf.SymbolicTensor[] {
  const input = layer.input;
  return Array.isArray(input) ? input : [input];
}

/**
 * For each layer, its only consumer (null when it has several, none, or is a model output); null
 * for a model with a layer applied more than once (shared), which has no single input: such models
 * are left alone.
 */
function onlyConsumers(model: tf.LayersModel): ((layer: Layer) => Layer | null) | null {
  const consumers = new Map<string, Layer[]>();
  for (const layer of model.layers) {
    if (layer.inboundNodes.length !== 1) return null;
    for (const t of inputsOf(layer)) consumers.set(t.sourceLayer.name, [...(consumers.get(t.sourceLayer.name) ?? []), layer]);
  }
  const outputs = new Set(model.outputs.map((t) => t.sourceLayer.name));
  return (layer) => {
    const next = consumers.get(layer.name) ?? [];
    return next.length === 1 && !outputs.has(layer.name) ? next[0] : null;
  };
}

/** The conv → BN (→ ReLU) chains that can be folded, keyed by the convolution's name. */
function findFolds(model: tf.LayersModel, only: (layer: Layer) => Layer | null): Map<string, Fold> {
  const folds = new Map<string, Fold>();
  for (const conv of model.layers) {
    if (conv.getClassName() !== 'Conv2D') continue;
    const c = conv.getConfig() as { activation?: string; dataFormat?: string };
    if (c.activation !== 'linear' || (c.dataFormat ?? 'channelsLast') !== 'channelsLast') continue;
    const bn = only(conv);
    if (!bn || bn.getClassName() !== 'BatchNormalization') continue;
    const axis = (bn.getConfig() as { axis?: number }).axis ?? -1;
    if (axis !== -1 && axis !== 3) continue;
    const next = only(bn);
    const relu = next && next.getClassName() === 'Activation' && (next.getConfig() as { activation?: string }).activation === 'relu' ? next : null;
    folds.set(conv.name, { conv, bn, relu });
  }
  return folds;
}

const pair = (v: unknown): unknown => (typeof v === 'number' ? [v, v] : v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(pair(a)) === JSON.stringify(b);

/**
 * UpSampling2D → Conv2D pairs that UpSampleConv2D computes, keyed by the convolution's name: nearest
 * ×2 up-sampling, channels last, whose only consumer is a 2×2 stride-1 'same' convolution, linear
 * or ReLU (or linear and folded with a BatchNorm).
 */
function findUpConvs(model: tf.LayersModel, only: (layer: Layer) => Layer | null, folds: Map<string, Fold>): Map<string, Layer> {
  const ups = new Map<string, Layer>();
  for (const up of model.layers) {
    if (up.getClassName() !== 'UpSampling2D') continue;
    const u = up.getConfig() as { size?: unknown; interpolation?: string; dataFormat?: string };
    if (!same(u.size, [2, 2]) || (u.interpolation ?? 'nearest') !== 'nearest' || (u.dataFormat ?? 'channelsLast') !== 'channelsLast') continue;
    const conv = only(up);
    if (!conv || conv.getClassName() !== 'Conv2D') continue;
    const c = conv.getConfig() as { kernelSize?: unknown; strides?: unknown; dilationRate?: unknown; padding?: string; dataFormat?: string; activation?: string };
    const geometry = same(c.kernelSize, [2, 2]) && same(c.strides ?? [1, 1], [1, 1]) && same(c.dilationRate ?? [1, 1], [1, 1]) && c.padding === 'same';
    const activation = folds.has(conv.name) || c.activation === 'linear' || c.activation === 'relu';
    if (geometry && activation && (c.dataFormat ?? 'channelsLast') === 'channelsLast') ups.set(conv.name, up);
  }
  return ups;
}

/** A fresh layer with `layer`'s configuration (no weights shared). */
function cloneLayer(layer: Layer, override: Record<string, unknown> = {}): Layer {
  const [cls, fromConfig] = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
  return fromConfig(cls, { ...layer.getConfig(), ...override } as tf.serialization.ConfigDict) as Layer;
}

/** The folded convolution's kernel and bias, computed in float64 from the current weights. */
function foldedWeights(fold: Fold): tf.Tensor[] {
  const [kernel, bias] = fold.conv.getWeights();
  const cfg = fold.bn.getConfig() as { epsilon?: number; scale?: boolean; center?: boolean };
  const weights = fold.bn.getWeights().map((w) => w.dataSync());
  // BatchNormalization's weights in order: gamma (if scale), beta (if center), moving mean, moving variance.
  const gamma = cfg.scale === false ? null : weights.shift()!;
  const beta = cfg.center === false ? null : weights.shift()!;
  const [mean, variance] = weights;
  const epsilon = cfg.epsilon ?? 1e-3;
  const channels = mean.length;
  const s = Float64Array.from(mean, (_, c) => (gamma ? gamma[c] : 1) / Math.sqrt(variance[c] + epsilon));
  const w = kernel.dataSync();
  const b = bias ? bias.dataSync() : null;
  const foldedKernel = Float32Array.from(w, (v, i) => v * s[i % channels]);
  const foldedBias = Float32Array.from(s, (sc, c) => sc * ((b ? b[c] : 0) - mean[c]) + (beta ? beta[c] : 0));
  return [tf.tensor(foldedKernel, kernel.shape), tf.tensor1d(foldedBias)];
}

/** The UpSampleConv2D standing for an up-sampling and `conv` (with its BatchNorm folded in, if `fold`). */
function upConvLayer(conv: Layer, fold: Fold | null): Layer {
  const c = conv.getConfig() as { filters: number; useBias?: boolean; activation?: string };
  const activation: UpConvActivation = fold ? (fold.relu ? 'relu' : 'linear') : (c.activation as UpConvActivation);
  return new UpSampleConv2D({ name: conv.name, filters: c.filters, useBias: fold !== null || c.useBias !== false, activation });
}

/**
 * The inference network for `model` (which the caller still owns and disposes): rewritten where
 * the graph allows (see above), otherwise `model.predict` itself. Never throws on a model it
 * cannot rewrite; it just rewrites nothing.
 */
export function inferenceNetwork(model: tf.LayersModel): InferenceNetwork {
  const only = onlyConsumers(model);
  const folds = only ? findFolds(model, only) : new Map<string, Fold>();
  const upConvs = only ? findUpConvs(model, only, folds) : new Map<string, Layer>();
  if (folds.size === 0 && upConvs.size === 0) {
    return { predict: (x) => model.predict(x) as tf.Tensor, foldedLayers: 0, fusedUpConvolutions: 0, dispose: () => undefined };
  }
  // Layers whose output becomes their input's: a folded BN and ReLU, a fused up-sampling.
  const skipped = new Set<string>();
  for (const f of folds.values()) {
    skipped.add(f.bn.name);
    if (f.relu) skipped.add(f.relu.name);
  }
  for (const up of upConvs.values()) skipped.add(up.name);
  // The same graph with fresh layers; a folded chain's BN and ReLU map to the convolution's output.
  const mapped = new Map<string, tf.SymbolicTensor>();
  const pairs: Array<{ source: Layer; copy: Layer; fold: Fold | null }> = [];
  const inputs = model.inputs.map((t) => {
    const input = tf.input({ batchShape: t.shape, dtype: t.dtype, name: t.sourceLayer.name });
    mapped.set(t.sourceLayer.name, input);
    return input;
  });
  for (const layer of model.layers) {
    if (mapped.has(layer.name)) continue;
    const from = inputsOf(layer).map((t) => mapped.get(t.sourceLayer.name)!);
    if (skipped.has(layer.name)) {
      mapped.set(layer.name, from[0]);
      continue;
    }
    const fold = folds.get(layer.name) ?? null;
    const copy = upConvs.has(layer.name) ? upConvLayer(layer, fold) : fold ? cloneLayer(layer, { useBias: true, activation: fold.relu ? 'relu' : 'linear' }) : cloneLayer(layer);
    mapped.set(layer.name, copy.apply(from.length === 1 ? from[0] : from) as tf.SymbolicTensor);
    pairs.push({ source: layer, copy, fold });
  }
  const folded = tf.model({ inputs, outputs: model.outputs.map((t) => mapped.get(t.sourceLayer.name)!) });

  // The source's weight tensors at the last refresh: fine-tuning replaces them (Variable.assign).
  let seen: tf.DataId[] = [];
  const refresh = () => {
    const now = model.weights.map((w) => w.read().dataId);
    if (now.length === seen.length && now.every((id, i) => id === seen[i])) return;
    for (const { source, copy, fold } of pairs) {
      if (fold) {
        const weights = foldedWeights(fold);
        copy.setWeights(weights);
        tf.dispose(weights);
      } else if (source.weights.length > 0) {
        copy.setWeights(source.getWeights());
      }
    }
    seen = now;
  };
  return {
    predict(x) {
      refresh();
      return folded.predict(x) as tf.Tensor;
    },
    foldedLayers: folds.size,
    fusedUpConvolutions: upConvs.size,
    dispose: () => folded.dispose(),
  };
}
