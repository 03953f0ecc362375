/**
 * Keras model configs, as TF.js reads them. `tf.models.modelFromJSON` understands Keras 2's
 * JSON (`model.to_json()`, and the `modelTopology` the TF.js converter writes). Keras 3 changed
 * a few things that break it (tfjs#8494, #8358): the InputLayer's `batch_shape`, dtype "policy"
 * objects, `module`/`registered_name` wrappers, and a new `inbound_nodes` format. This module
 * rewrites those to the Keras 2 form and names any layer TF.js cannot build.
 */
import * as tf from '@tensorflow/tfjs';

export class UnsupportedModelError extends Error {}

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keras 3 wraps objects as {module, class_name, config, registered_name}; dtype policies become strings. */
function normaliseValue(value: Json): Json {
  if (Array.isArray(value)) return value.map(normaliseValue);
  if (!isObject(value)) return value;
  if (value.class_name === 'DTypePolicy' || value.class_name === 'Policy') {
    const config = value.config;
    return isObject(config) && typeof config.name === 'string' ? config.name : 'float32';
  }
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'module' || key === 'registered_name' || key === 'build_config' || key === 'compile_config') continue;
    out[key] = normaliseValue(v);
  }
  return out;
}

/** Keras 3 inbound node {args: [keras tensors], kwargs} → Keras 2 [[name, node, tensor, kwargs], …]. */
function legacyInboundNodes(nodes: Json): Json {
  if (!Array.isArray(nodes)) return nodes;
  return nodes.map((node) => {
    if (!isObject(node) || !('args' in node)) return node;
    const tensors: Json[] = [];
    const collect = (arg: Json) => {
      if (Array.isArray(arg)) arg.forEach(collect);
      else if (isObject(arg) && arg.class_name === '__keras_tensor__' && isObject(arg.config)) {
        const history = arg.config.keras_history;
        if (Array.isArray(history)) tensors.push([history[0], history[1], history[2], {}]);
      }
    };
    collect(node.args);
    return tensors;
  });
}

/** Keras 3 output/input layer lists are [name, node, tensor] or a list of them; TF.js wants a list. */
function legacyIoList(list: Json): Json {
  if (Array.isArray(list) && list.length === 3 && typeof list[0] === 'string') return [list];
  return list;
}

function normaliseLayer(layer: JsonObject): JsonObject {
  const config = isObject(layer.config) ? { ...layer.config } : {};
  if (layer.class_name === 'InputLayer') {
    if ('batch_shape' in config && !('batch_input_shape' in config)) config.batch_input_shape = config.batch_shape;
    delete config.batch_shape;
    delete config.optional;
  }
  const normalised: JsonObject = { ...layer, config };
  if ('inbound_nodes' in layer) normalised.inbound_nodes = legacyInboundNodes(layer.inbound_nodes);
  if (isObject(config.layers) || Array.isArray(config.layers)) normalised.config = normaliseModelConfig(config);
  return normalised;
}

function normaliseModelConfig(config: JsonObject): JsonObject {
  const out: JsonObject = { ...config };
  if (Array.isArray(config.layers)) out.layers = config.layers.filter(isObject).map(normaliseLayer);
  if ('input_layers' in config) out.input_layers = legacyIoList(config.input_layers);
  if ('output_layers' in config) out.output_layers = legacyIoList(config.output_layers);
  return out;
}

/** The `{class_name, config}` of a Keras model, in the Keras 2 form TF.js reads. */
export function normaliseKerasModel(model: JsonObject): JsonObject {
  const cleaned = normaliseValue(model) as JsonObject;
  const config = isObject(cleaned.config) ? normaliseModelConfig(cleaned.config) : cleaned.config;
  return { ...cleaned, config };
}

/** The Keras model inside a TF.js `modelTopology` (converter 1.x nests it in `model_config`). */
export function kerasModelOf(topology: JsonObject): JsonObject {
  return isObject(topology.model_config) ? topology.model_config : topology;
}

/** Refuses, by name and position, any layer class TF.js has no implementation for. */
export function checkLayersSupported(model: JsonObject): void {
  const known = tf.serialization.SerializationMap.getMap().classNameMap;
  const walk = (m: JsonObject, where: string) => {
    const layers = isObject(m.config) && Array.isArray(m.config.layers) ? m.config.layers.filter(isObject) : [];
    layers.forEach((layer, index) => {
      const cls = String(layer.class_name);
      const name = isObject(layer.config) && typeof layer.config.name === 'string' ? layer.config.name : String(layer.name ?? '?');
      if (cls === 'Model' || cls === 'Functional' || cls === 'Sequential') {
        walk(layer, `${where}${name} → `);
        return;
      }
      if (!(cls in known)) {
        const hint = cls === 'Lambda' || cls === 'TFOpLambda' ? ': it runs Python code, which cannot be converted' : '';
        throw new UnsupportedModelError(`unsupported layer ${cls} ("${where}${name}", layer ${index + 1} of ${layers.length})${hint}`);
      }
    });
  };
  walk(model, '');
}

/** Keras version recorded in a config, for messages. */
export function kerasVersion(json: JsonObject): string | null {
  return typeof json.keras_version === 'string' ? json.keras_version : null;
}
