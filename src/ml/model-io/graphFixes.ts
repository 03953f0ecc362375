/**
 * Repairs converter output that some TF.js backends cannot run. The TF.js converter can leave a
 * fused convolution's bias as a [1, 1, 1, C] constant (seen when Keras folds a broadcast add into
 * the last convolution); CPU, WebGL and WebGPU broadcast it, but WASM's FusedConv2D accepts only a
 * rank-1 bias and fails. The bytes of [1, 1, 1, C] and [C] are the same, so the fix is to relabel
 * the shape of such a constant when fused convolutions are its only users.
 */
import type * as tf from '@tensorflow/tfjs';

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
}

const FUSED_CONV = new Set(['_FusedConv2D', 'FusedDepthwiseConv2dNative', 'FusedConv2D']);

export function squeezeFusedBiases(topology: { node?: GraphNode[] }, specs: tf.io.WeightsManifestEntry[]): tf.io.WeightsManifestEntry[] {
  const nodes = topology.node ?? [];
  const users = new Map<string, GraphNode[]>();
  for (const node of nodes) {
    for (const input of node.input ?? []) {
      const name = input.replace(/^\^/, '').split(':')[0];
      users.set(name, [...(users.get(name) ?? []), node]);
    }
  }
  const biases = new Set<string>();
  for (const node of nodes) {
    const bias = FUSED_CONV.has(node.op) ? node.input?.[2]?.split(':')[0] : undefined;
    if (bias && (users.get(bias) ?? []).every((u) => FUSED_CONV.has(u.op) && u.input?.[2]?.split(':')[0] === bias)) biases.add(bias);
  }
  return specs.map((spec) => {
    const leading = spec.shape.slice(0, -1);
    if (!biases.has(spec.name) || spec.shape.length < 2 || leading.some((d) => d !== 1)) return spec;
    return { ...spec, shape: [spec.shape[spec.shape.length - 1]] };
  });
}
