/**
 * Test helper: writes a TF.js layers model out the way Keras would, so conversion can be tested
 * without Python or ../shared — Keras 2 weights-only and full-model HDF5 (through h5wasm, a
 * well-kept HDF5 writer), the `model.to_json()` architecture, and a Keras 3 `.keras` archive
 * whose config uses Keras 3's conventions (batch_shape, dtype policies, new inbound nodes).
 */
import type * as tf from '@tensorflow/tfjs';
import { zipSync } from 'fflate';
import { kerasSnakeCase, keras3LayerKeys } from '../ml/model-io/keras3Keys';
import h5wasm, { type File as H5File, type Group as H5Group } from 'h5wasm/node';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Json = Record<string, unknown>;

export function kerasArchitecture(model: tf.LayersModel): Json {
  return { ...(model.toJSON(null, false) as Json), keras_version: '2.2.4', backend: 'tensorflow' };
}

async function writeH5(fill: (file: H5File) => void): Promise<Uint8Array> {
  await h5wasm.ready;
  const path = join(mkdtempSync(join(tmpdir(), 'keras-h5-')), 'file.h5');
  const file = new h5wasm.File(path, 'w');
  fill(file);
  file.close();
  return new Uint8Array(readFileSync(path));
}

function keras2Layers(group: H5Group, model: tf.LayersModel): void {
  group.create_attribute('layer_names', model.layers.map((l) => l.name));
  for (const layer of model.layers) {
    const g = group.create_group(layer.name);
    g.create_attribute('weight_names', layer.weights.map((w) => `${w.originalName}:0`));
    layer.getWeights().forEach((value, i) => {
      const [scope, name] = layer.weights[i].originalName.split('/');
      const parent = (g.get(scope) as H5Group | null) ?? g.create_group(scope);
      parent.create_dataset({ name: `${name}:0`, data: value.dataSync() as Float32Array, shape: value.shape });
    });
  }
}

export function keras2WeightsH5(model: tf.LayersModel): Promise<Uint8Array> {
  return writeH5((file) => {
    keras2Layers(file, model);
    file.create_attribute('keras_version', '2.2.4');
    file.create_attribute('backend', 'tensorflow');
  });
}

export function keras2FullH5(model: tf.LayersModel): Promise<Uint8Array> {
  return writeH5((file) => {
    file.create_attribute('model_config', JSON.stringify(kerasArchitecture(model)));
    file.create_attribute('keras_version', '2.2.4');
    keras2Layers(file.create_group('model_weights'), model);
  });
}

/**
 * Keras's auto-generated layer names, as a model built after `offset` others of each class in the
 * same session gets them (`conv2d_9`, …): old name → new name, in config order.
 */
function autoNames(layers: Json[], offset: number): Map<string, string> {
  const count = new Map<string, number>();
  const names = new Map<string, string>();
  for (const layer of layers) {
    const base = kerasSnakeCase(String(layer.class_name));
    const k = (count.get(base) ?? 0) + offset;
    count.set(base, (count.get(base) ?? 0) + 1);
    names.set(String(layer.name), k === 0 ? base : `${base}_${k}`);
  }
  return names;
}

/**
 * Rewrites a Keras 2 config the way Keras 3 writes it. With `nameOffset`, layers get the
 * suffixed auto-names of a model built after others in one notebook session.
 */
export function keras3Config(keras2: Json, nameOffset?: number): Json {
  const config = keras2.config as { layers: Json[]; input_layers: unknown[][]; output_layers: unknown[][] };
  const renamed = nameOffset === undefined ? null : autoNames(config.layers, nameOffset);
  const rename = (name: unknown) => renamed?.get(String(name)) ?? name;
  const renameRef = (ref: unknown[]) => [rename(ref[0]), ...ref.slice(1)];
  const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
  const tensor = (ref: unknown[]) => ({ class_name: '__keras_tensor__', config: { shape: null, dtype: 'float32', keras_history: renameRef(ref.slice(0, 3)) } });
  const layers = config.layers.map((layer) => {
    const c: Json = { ...(layer.config as Json), dtype: policy, name: rename((layer.config as Json).name) };
    if (layer.class_name === 'InputLayer') {
      c.batch_shape = c.batch_input_shape;
      delete c.batch_input_shape;
      c.dtype = 'float32';
    }
    const inbound = (layer.inbound_nodes as unknown[][][]).map((node) => ({
      args: node.length === 1 ? [tensor(node[0])] : [node.map((ref) => tensor(ref))],
      kwargs: {},
    }));
    return { module: 'keras.layers', class_name: layer.class_name, config: c, registered_name: null, name: rename(layer.name), inbound_nodes: inbound };
  });
  return {
    module: 'keras',
    class_name: 'Functional',
    config: { ...config, layers, input_layers: renameRef(config.input_layers[0]), output_layers: renameRef(config.output_layers[0]) },
    registered_name: 'Functional',
  };
}

/**
 * A `.keras` archive as Keras 3 writes it: weights under class-based keys in config order
 * (`layers/conv2d`, `layers/conv2d_1`, …), whatever the layers are called.
 */
export async function keras3Archive(model: tf.LayersModel, nameOffset?: number): Promise<Uint8Array> {
  const config = keras3Config(kerasArchitecture(model), nameOffset);
  const configLayers = (config.config as { layers: Array<{ class_name: string }> }).layers;
  const keys = keras3LayerKeys(configLayers.map((l, i) => ({ className: l.class_name, name: String(i) })));
  const byName = new Map(model.layers.map((l) => [l.name, l]));
  const originalNames = (kerasArchitecture(model).config as { layers: Json[] }).layers.map((l) => String(l.name));
  const weights = await writeH5((file) => {
    const layers = file.create_group('layers');
    originalNames.forEach((name, i) => {
      const vars = layers.create_group(keys.get(String(i)) as string).create_group('vars');
      const layer = byName.get(name) as tf.layers.Layer;
      layer.getWeights().forEach((value, j) => vars.create_dataset({ name: String(j), data: value.dataSync() as Float32Array, shape: value.shape }));
    });
  });
  return zipSync({
    'metadata.json': new TextEncoder().encode(JSON.stringify({ keras_version: '3.8.0' })),
    'config.json': new TextEncoder().encode(JSON.stringify(config)),
    'model.weights.h5': weights,
  });
}
