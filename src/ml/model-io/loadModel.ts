/**
 * Loads whatever model the user brings — a TF.js layers or graph model (`model.json` + weight
 * files), a Keras 2 full-model `.h5`, a Keras architecture JSON plus weights `.h5`, or a Keras 3
 * `.keras` archive — from dropped files or a URL, and converts Keras models to TF.js in place
 * (no Python). Every refusal says what the file is and what is missing.
 */
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { METADATA_FILE, type ModelMetadata, parseMetadata } from '../../model/metadata';
import { type SegmentationModel, wrapGraphModel, wrapLayersModel } from '../segmentationModel';
import { artifactsFromModelJson, ModelFilesError } from './artifacts';
import { squeezeFusedBiases } from './graphFixes';
import { checkLayersSupported, kerasModelOf, kerasVersion, normaliseKerasModel } from './kerasTopology';
import { type ConfigLayer, keras3LayerKeys } from './keras3Keys';
import { type KerasWeights, KerasWeightsError, modelConfigOf, openHdf5, readKerasWeights } from './kerasWeights';
import { type ModelFormat, type ModelSource, type NamedBytes } from '../../model/modelSource';

export { ModelFilesError } from './artifacts';

export type { ModelFormat, ModelSource, NamedBytes } from '../../model/modelSource';

export interface LoadedModel {
  readonly model: SegmentationModel;
  readonly format: ModelFormat;
  /** What was loaded, in words (format, versions). */
  readonly description: string;
}

type Json = Record<string, unknown>;
type Reader = (path: string) => Promise<Uint8Array | null>;

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);
const extension = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

function parseJson(bytes: Uint8Array, name: string): Json {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
  } catch {
    // fall through to the message below
  }
  throw new ModelFilesError(`${name} is not valid JSON`);
}

const isTfjs = (json: Json) => 'modelTopology' in json || 'weightsManifest' in json;
const isKerasArchitecture = (json: Json) => 'class_name' in json && 'config' in json && !isTfjs(json);

function kerasAloneMessage(name: string, json: Json): string {
  const version = kerasVersion(json);
  return (
    `${name} is a Keras architecture file (model.to_json()${version ? `, Keras ${version}` : ''}), not a TF.js model.json: ` +
    'it has no weights. Drop it together with its weights .h5 to convert it.'
  );
}

/** The top-level layers of a Keras model config, in the config's order (the order Keras 3 saves weights in). */
function configLayers(keras: Json): ConfigLayer[] {
  const config = (keras as { config?: { layers?: unknown } }).config;
  const layers = Array.isArray(config?.layers) ? (config.layers as Array<{ class_name?: unknown; config?: { name?: unknown }; name?: unknown }>) : [];
  return layers.map((l) => ({ className: String(l.class_name), name: String(l.config?.name ?? l.name) }));
}

/** Builds a Keras model from its config and pours in weights layer by layer, checking shapes. */
async function buildKeras(config: Json, weights: KerasWeights): Promise<tf.LayersModel> {
  const keras = normaliseKerasModel(kerasModelOf(config));
  checkLayersSupported(keras);
  const keys = weights.layout === 'keras3' ? keras3LayerKeys(configLayers(keras)) : new Map<string, string>();
  const model = await tf.models.modelFromJSON({ modelTopology: keras } as unknown as tf.io.ModelArtifacts as never);
  try {
    for (const layer of model.layers) {
      const expected = layer.weights;
      if (expected.length === 0) continue;
      const key = keys.get(layer.name) ?? layer.name;
      const found = weights.layers.get(key);
      if (!found) {
        const where = weights.layout === 'keras3' ? ` (Keras 3 keeps it under layers/${key})` : '';
        throw new KerasWeightsError(`the weights file has nothing for layer "${layer.name}"${where}`);
      }
      if (found.length !== expected.length) {
        throw new KerasWeightsError(`layer "${layer.name}" needs ${expected.length} weight arrays; the file has ${found.length}`);
      }
      const tensors = found.map((w, i) => {
        const want = expected[i].shape;
        if (w.shape.join('×') !== want.join('×')) {
          throw new KerasWeightsError(`weight ${w.name} is ${w.shape.join('×')}; layer "${layer.name}" expects ${want.join('×')}`);
        }
        return tf.tensor(w.values, w.shape);
      });
      layer.setWeights(tensors);
      tensors.forEach((t) => t.dispose());
    }
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

async function loadTfjs(json: Json, name: string, read: Reader, metadata: ModelMetadata): Promise<LoadedModel> {
  const graph = json.format === 'graph-model' || (typeof json.modelTopology === 'object' && json.modelTopology !== null && 'node' in json.modelTopology);
  const converter = typeof json.convertedBy === 'string' ? json.convertedBy : typeof json.generatedBy === 'string' ? json.generatedBy : 'unknown converter';
  if (!graph && typeof json.modelTopology === 'object' && json.modelTopology !== null) {
    const keras = normaliseKerasModel(kerasModelOf(json.modelTopology as Json));
    checkLayersSupported(keras);
    json = { ...json, modelTopology: keras };
  }
  const artifacts = await artifactsFromModelJson(json, read, name);
  if (graph) {
    artifacts.weightSpecs = squeezeFusedBiases(artifacts.modelTopology as { node?: [] }, artifacts.weightSpecs ?? []);
    const model = await tf.loadGraphModel(tf.io.fromMemory(artifacts));
    return { model: wrapGraphModel(model, metadata), format: 'tfjs-graph', description: `TF.js graph model (${converter}); inference only` };
  }
  const model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
  return { model: wrapLayersModel(model, metadata), format: 'tfjs-layers', description: `TF.js layers model (${converter})` };
}

/** Metadata: given > unet-studio.json beside the model > defaults named after the model. */
async function metadataFor(read: Reader, fallbackName: string, given: ModelMetadata | null): Promise<ModelMetadata> {
  if (given) return given;
  const bytes = await read(METADATA_FILE);
  return parseMetadata(bytes ? parseJson(bytes, METADATA_FILE) : null, fallbackName);
}

/** A ZIP (e.g. the app's own model export) stands for the files inside it. */
function expandZips(files: readonly NamedBytes[]): NamedBytes[] {
  return files.flatMap((f) => {
    const isZip = f.bytes[0] === 0x50 && f.bytes[1] === 0x4b && f.bytes[2] === 0x03 && f.bytes[3] === 0x04;
    // A .keras archive is a ZIP too, but has its own reader below.
    if (!isZip || extension(f.name) === 'keras') return [f];
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(f.bytes);
    } catch {
      throw new ModelFilesError(`${f.name} is not a readable ZIP file`);
    }
    return Object.entries(entries)
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, bytes]) => ({ name, bytes }));
  });
}

function fromFiles(dropped: readonly NamedBytes[]): { entry: NamedBytes; read: Reader } {
  const files = expandZips(dropped);
  const byName = new Map(files.map((f) => [baseName(f.name), f]));
  const read: Reader = async (path) => byName.get(baseName(path))?.bytes ?? null;
  const keras3 = files.find((f) => extension(f.name) === 'keras');
  if (keras3) return { entry: keras3, read };
  const h5 = files.find((f) => ['h5', 'hdf5'].includes(extension(f.name)));
  const jsons = files.filter((f) => extension(f.name) === 'json' && baseName(f.name) !== METADATA_FILE);
  if (h5) {
    // A Keras architecture JSON beside the .h5 makes it "json + weights"; otherwise a full model.
    const architecture = jsons.find((f) => isKerasArchitecture(parseJson(f.bytes, f.name)));
    return { entry: architecture ?? h5, read: async (path) => (path === '#weights' ? h5.bytes : read(path)) };
  }
  if (jsons.length === 0) throw new ModelFilesError('no model file: drop model.json with its weight files, or a Keras .h5 / .keras file');
  if (jsons.length > 1) throw new ModelFilesError(`several JSON files (${jsons.map((j) => baseName(j.name)).join(', ')}): drop one model at a time`);
  return { entry: jsons[0], read };
}

function fromUrl(url: string): { entryUrl: URL; read: Reader } {
  const base = new URL(url);
  const read: Reader = async (path) => {
    const response = await fetch(new URL(path, base));
    return response.ok ? new Uint8Array(await response.arrayBuffer()) : null;
  };
  return { entryUrl: base, read };
}

function folderName(url: URL): string {
  const parts = url.pathname.split('/').filter(Boolean);
  return parts.length >= 2 ? decodeURIComponent(parts[parts.length - 2]) : 'model';
}

/** Loads and, for Keras, converts. `given` metadata overrides what the source carries. */
export async function loadModel(source: ModelSource, given: ModelMetadata | null = null): Promise<LoadedModel> {
  let entry: NamedBytes;
  let read: Reader;
  let fallbackName: string;
  if (source.kind === 'url') {
    const { entryUrl, read: fetchRelative } = fromUrl(source.url);
    const bytes = await fetchRelative(entryUrl.href);
    if (!bytes) throw new ModelFilesError(`no model at ${entryUrl.pathname}`);
    entry = { name: baseName(entryUrl.pathname), bytes };
    read = fetchRelative;
    fallbackName = folderName(entryUrl);
  } else {
    ({ entry, read } = fromFiles(source.files));
    // "unet.h5" → "unet"; "my-unet/model.json" → "my-unet".
    const parts = entry.name.split('/');
    fallbackName = baseName(entry.name).replace(/\.(json|h5|hdf5|keras)$/i, '');
    if (fallbackName === 'model') fallbackName = parts.length > 1 ? parts[parts.length - 2] : 'dropped model';
  }
  const metadata = await metadataFor(read, fallbackName, given);
  const ext = extension(entry.name);

  if (ext === 'keras') {
    let archive: Record<string, Uint8Array>;
    try {
      archive = unzipSync(entry.bytes);
    } catch {
      throw new ModelFilesError(`${entry.name} is not a Keras 3 archive (not a ZIP file)`);
    }
    const config = archive['config.json'];
    const weights = archive['model.weights.h5'];
    if (!config || !weights) throw new ModelFilesError(`${entry.name} lacks config.json or model.weights.h5`);
    const model = await buildKeras(parseJson(config, 'config.json'), readKerasWeights(openHdf5(weights, 'model.weights.h5')));
    return { model: wrapLayersModel(model, metadata), format: 'keras3', description: 'Keras 3 .keras archive, converted to TF.js' };
  }
  if (ext === 'h5' || ext === 'hdf5') {
    const file = openHdf5(entry.bytes, entry.name);
    const config = modelConfigOf(file);
    if (!config) {
      throw new ModelFilesError(`${entry.name} holds weights only; drop it together with the architecture JSON (model.to_json())`);
    }
    const model = await buildKeras(config as Json, readKerasWeights(file));
    const version = kerasVersion(config as Json) ?? (typeof file.attrs.keras_version === 'string' ? file.attrs.keras_version : null);
    return { model: wrapLayersModel(model, metadata), format: 'keras-h5', description: `Keras${version ? ` ${version}` : ''} .h5, converted to TF.js` };
  }
  const json = parseJson(entry.bytes, entry.name);
  if (isKerasArchitecture(json)) {
    const weightsBytes = source.kind === 'files' ? await read('#weights') : null;
    if (!weightsBytes) throw new ModelFilesError(kerasAloneMessage(entry.name, json));
    const model = await buildKeras(json, readKerasWeights(openHdf5(weightsBytes, 'weights .h5')));
    const version = kerasVersion(json);
    return {
      model: wrapLayersModel(model, metadata),
      format: 'keras-json+h5',
      description: `Keras${version ? ` ${version}` : ''} architecture JSON + weights .h5, converted to TF.js`,
    };
  }
  if (!isTfjs(json)) throw new ModelFilesError(`${entry.name} is neither a TF.js model.json nor a Keras model`);
  return loadTfjs(json, entry.name, read, metadata);
}
