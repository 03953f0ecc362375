/**
 * Test helper: weight files that fit a TF.js model.json's manifest, for converter-made models
 * published without their weights. Float weights are small deterministic values; the int32
 * constants a converted graph carries (strided-slice bounds, concat axes, transposed-conv output
 * sizes) get the values the graph needs, the last worked out from the graph's own shapes.
 */
import { type NamedBytes } from '../model/modelSource';

interface Entry {
  name: string;
  shape: number[];
  dtype: string;
}
interface Node {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, { list?: { i?: string[] }; shape?: unknown }>;
}
interface ModelJson {
  modelTopology: { node?: Node[] };
  weightsManifest: Array<{ paths: string[]; weights: Entry[] }>;
}

/** Spatial size of every node of a graph, from its single square input. */
function spatialSizes(nodes: Node[], inputSize: number): Map<string, number> {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const memo = new Map<string, number>();
  const size = (name: string): number => {
    const clean = name.replace(/^\^/, '').split(':')[0];
    const cached = memo.get(clean);
    if (cached !== undefined) return cached;
    const node = byName.get(clean);
    let result = inputSize;
    if (node && node.op !== 'Placeholder' && node.input?.length) {
      const strides = node.attr?.strides?.list?.i?.map(Number) ?? [1, 1, 1, 1];
      if (node.op === 'MaxPool') result = Math.ceil(size(node.input[0]) / strides[1]);
      else if (node.op === 'Conv2DBackpropInput') result = size(node.input[2]) * strides[1];
      else result = size(node.input[0]);
    }
    memo.set(clean, result);
    return result;
  };
  for (const n of nodes) size(n.name);
  return memo;
}

function int32Value(entry: Entry, graph: Node[], inputSize: number, shapes: Map<string, number[]>): number[] {
  const base = entry.name.split('/').pop() ?? '';
  if (base === 'stack') return [0];
  if (base === 'stack_1' || base === 'stack_2') return [1];
  if (base === 'axis') return [3];
  const sizes = entry.name.match(/^(.*)\/conv_transpose\/input_sizes\/(\d)$/);
  if (sizes) {
    const op = graph.find((n) => n.op === 'Conv2DBackpropInput' && n.name.startsWith(`${sizes[1]}/conv_transpose`));
    if (!op?.input) throw new Error(`no transposed convolution for ${entry.name}`);
    if (sizes[2] === '3') return [shapes.get(op.input[1].split(':')[0])?.[2] ?? 1];
    return [spatialSizes(graph, inputSize).get(op.input[2].split(':')[0]) ?? 1].map((s) => s * 2);
  }
  return new Array(entry.shape.reduce((a, b) => a * b, 1)).fill(0);
}

export function weightsForManifest(json: ModelJson, inputSize = 128): NamedBytes[] {
  const graph = json.modelTopology.node ?? [];
  const shapes = new Map(json.weightsManifest.flatMap((g) => g.weights.map((w) => [w.name, w.shape] as const)));
  const chunks: Uint8Array[] = [];
  let seed = 1;
  for (const group of json.weightsManifest) {
    for (const entry of group.weights) {
      const count = entry.shape.reduce((a, b) => a * b, 1);
      if (entry.dtype === 'int32') {
        chunks.push(new Uint8Array(Int32Array.from(int32Value(entry, graph, inputSize, shapes)).buffer));
      } else {
        const values = new Float32Array(count);
        for (let i = 0; i < count; i++) values[i] = (((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5) * 0.1;
        chunks.push(new Uint8Array(values.buffer));
      }
    }
  }
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    all.set(c, offset);
    offset += c.length;
  }
  // Split the bytes over the manifest's shard names (sizes do not matter to the loader).
  const paths = json.weightsManifest.flatMap((g) => g.paths);
  const per = Math.ceil(all.length / paths.length);
  return paths.map((name, i) => ({ name, bytes: all.subarray(i * per, Math.min(all.length, (i + 1) * per)) }));
}
