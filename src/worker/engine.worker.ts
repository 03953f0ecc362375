/**
 * The worker that owns TF.js: picks the backend, loads (and converts), checks and warms up
 * models, and runs segmentations one at a time, so inference never blocks the page.
 */
import * as Comlink from 'comlink';
import { chooseBackend, memoryInfo } from '../ml/backends';
import { describeFailure } from '../ml/failures';
import { toLayersFiles } from '../ml/model-io/layersFiles';
import { loadModel } from '../ml/model-io/loadModel';
import { type ModelFormat } from '../ml/model-io/modelSource';
import { type SegmentationModel } from '../ml/segmentationModel';
import { segmentRaster } from '../ml/segmentRaster';
import { fineTune, trainingUnsupported } from '../ml/train';
import { wasmPaths } from '../ml/wasmAssets';
import { type EngineApi, type ModelInfo } from './engineApi';

let current: { model: SegmentationModel; format: ModelFormat; description: string } | null = null;
let stopRequested = false;
let training = false;

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
    trainingUnsupported: trainingUnsupported(),
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
  async train(data, options, onProgress) {
    const layers = current?.model.layers;
    if (!layers) throw new Error(current ? `This model cannot be fine-tuned: ${info().notTrainable}` : 'no model is loaded');
    const unsupported = trainingUnsupported();
    if (unsupported) throw new Error(unsupported);
    if (training) throw new Error('a fine-tuning run is already going');
    training = true;
    stopRequested = false;
    try {
      return await fineTune(layers, data, options, {
        onBatch: (report) => onProgress({ kind: 'batch', ...report }),
        onEpoch: (report) => onProgress({ kind: 'epoch', ...report }),
        shouldStop: () => stopRequested,
      });
    } catch (e) {
      const message = describeFailure(e, 'fine-tuning');
      throw new Error(/memory/i.test(message) ? `${message} Try a smaller batch size.` : message, { cause: e });
    } finally {
      training = false;
    }
  },
  stopTraining() {
    stopRequested = true;
  },
  async segment(raster, region) {
    if (!current) throw new Error('no model is loaded');
    let result;
    try {
      result = await segmentRaster(current.model, raster, region);
    } catch (e) {
      throw new Error(describeFailure(e, 'segmenting'), { cause: e });
    }
    return Comlink.transfer(result, [result.grid.buffer]);
  },
  memory() {
    return memoryInfo();
  },
};

Comlink.expose(engine);
