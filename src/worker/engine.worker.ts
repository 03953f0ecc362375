/**
 * The worker that owns TF.js: picks the backend, loads (and converts), checks and warms up
 * models, and runs segmentations one at a time, so inference never blocks the page.
 */
import * as Comlink from 'comlink';
import { chooseBackend, liveTensorCount } from '../ml/backends';
import { describeFailure } from '../ml/failures';
import { toLayersFiles } from '../ml/model-io/layersFiles';
import { loadModel } from '../ml/model-io/loadModel';
import { type ModelFormat } from '../ml/model-io/modelSource';
import { type SegmentationModel } from '../ml/segmentationModel';
import { segmentRaster } from '../ml/segmentRaster';
import { wasmPaths } from '../ml/wasmAssets';
import { type EngineApi, type ModelInfo } from './engineApi';

let current: { model: SegmentationModel; format: ModelFormat; description: string } | null = null;

function info(): ModelInfo {
  if (!current) throw new Error('no model is loaded');
  const { model, format, description } = current;
  return {
    metadata: model.metadata,
    kind: model.kind,
    format,
    description,
    size: model.spec.size,
    channels: model.spec.channels,
    outputChannels: model.outputChannels,
    parameterCount: model.parameterCount,
    notTrainable: model.layers ? null : 'a graph model is a frozen TensorFlow graph: it can run but not be trained or re-saved',
  };
}

const engine: EngineApi = {
  async start(forcedBackend) {
    return chooseBackend({ forced: forcedBackend, wasmPaths: wasmPaths() });
  },
  async loadModel(source, metadata, onPhase) {
    onPhase('model');
    const loaded = await loadModel(source, metadata);
    onPhase('warm-up');
    let warmUpMs: number;
    try {
      warmUpMs = await loaded.model.warmUp();
    } catch (e) {
      loaded.model.dispose();
      throw new Error(describeFailure(e, 'warming up the model'), { cause: e });
    }
    current?.model.dispose();
    current = loaded;
    return { model: info(), warmUpMs };
  },
  async setMetadata(metadata) {
    if (!current) throw new Error('no model is loaded');
    current = { ...current, model: current.model.withMetadata(metadata) };
    return info();
  },
  async exportLayersFiles() {
    const layers = current?.model.layers;
    if (!layers) throw new Error(current ? info().notTrainable ?? 'not a layers model' : 'no model is loaded');
    const files = await toLayersFiles(layers);
    return Comlink.transfer(files, [files.weights.buffer]);
  },
  async segment(raster, region) {
    if (!current) throw new Error('no model is loaded');
    let result;
    try {
      result = await segmentRaster(current.model, raster, region);
    } catch (e) {
      throw new Error(describeFailure(e, 'segmenting'), { cause: e });
    }
    return Comlink.transfer(result, [result.grid.buffer, result.boxProbabilities.buffer]);
  },
  tensorCount() {
    return liveTensorCount();
  },
};

Comlink.expose(engine);
