/**
 * Reads Keras weights from HDF5 with jsfive (pure JS, so it runs in the browser and in Node with
 * no Python): Keras 2 `save_weights` files and the `model_weights` group of full-model `.h5`
 * files (per layer: a `weight_names` attribute naming datasets in the layer's own order), and
 * Keras 3 `.weights.h5` (per layer: `layers/<name>/vars/0, 1, …`).
 */
import { Dataset, File, Group } from 'jsfive';

export class KerasWeightsError extends Error {}

/** A weights file's arrays per key: the layer name (Keras 2), or the `layers/` key (Keras 3; see keras3Keys). */
export interface KerasWeights {
  readonly layout: 'keras2' | 'keras3';
  readonly layers: Map<string, LayerWeights[]>;
}

export interface LayerWeights {
  readonly name: string;
  readonly shape: number[];
  readonly values: Float32Array;
}

const clean = (s: unknown) => String(s).replace(/\0+$/, '');

export function openHdf5(bytes: Uint8Array, fileName: string): File {
  if (bytes.length < 8 || bytes[1] !== 0x48 || bytes[2] !== 0x44 || bytes[3] !== 0x46) {
    throw new KerasWeightsError(`${fileName} is not an HDF5 file`);
  }
  try {
    return new File(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, fileName);
  } catch (e) {
    throw new KerasWeightsError(`${fileName} could not be read as HDF5 (${(e as Error).message})`, { cause: e });
  }
}

function dataset(node: Group | Dataset, path: string): LayerWeights {
  if (!(node instanceof Dataset)) throw new KerasWeightsError(`${path} is not a dataset`);
  return { name: path, shape: [...node.shape], values: Float32Array.from(node.value) };
}

/** Attribute text, whether HDF5 gave it as a string or bytes. */
export function attrText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (Array.isArray(value) && typeof value[0] === 'string') return value.join('');
  return null;
}

/** Keras 2 layout: weights per layer name, in each layer's own order. */
function keras2Weights(root: Group): Map<string, LayerWeights[]> {
  const names = root.attrs.layer_names;
  if (!Array.isArray(names)) throw new KerasWeightsError('the HDF5 file has no layer_names: it is not a Keras weights file');
  const out = new Map<string, LayerWeights[]>();
  for (const raw of names) {
    const layer = clean(raw);
    const group = root.get(layer) as Group;
    const weightNames = Array.isArray(group.attrs.weight_names) ? group.attrs.weight_names.map(clean) : [];
    out.set(layer, weightNames.map((w) => dataset(group.get(w), `${layer}/${w}`)));
  }
  return out;
}

/** Keras 3 layout: layers/<key>/vars/<i>, the key being class-based (keras3Keys), not the layer's name. */
function keras3Weights(root: Group): Map<string, LayerWeights[]> {
  const out = new Map<string, LayerWeights[]>();
  const layers = root.get('layers') as Group;
  for (const layer of layers.keys) {
    const group = layers.get(layer) as Group;
    if (!group.keys.includes('vars')) continue;
    const vars = group.get('vars') as Group;
    const indices = vars.keys.map(Number).sort((a, b) => a - b);
    out.set(layer, indices.map((i) => dataset(vars.get(String(i)), `layers/${layer}/vars/${i}`)));
  }
  return out;
}

/** Weights per key from a Keras weights file or a full-model `.h5`, with the layout that says what the keys are. */
export function readKerasWeights(file: File): KerasWeights {
  if (Array.isArray(file.attrs.layer_names)) return { layout: 'keras2', layers: keras2Weights(file) };
  if (file.keys.includes('model_weights')) return { layout: 'keras2', layers: keras2Weights(file.get('model_weights') as Group) };
  if (file.keys.includes('layers')) return { layout: 'keras3', layers: keras3Weights(file) };
  throw new KerasWeightsError('no Keras weights found in the HDF5 file (no layer_names, model_weights or layers)');
}

/** The architecture JSON stored in a full-model `.h5` (Keras 2 `model.save`), if any. */
export function modelConfigOf(file: File): unknown {
  const text = attrText(file.attrs.model_config);
  return text ? JSON.parse(text) : null;
}
