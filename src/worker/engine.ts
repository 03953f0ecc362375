/**
 * The engine that owns TF.js: picks the backend, loads (and converts), checks and warms up
 * models, fine-tunes them and runs segmentations one at a time. `engine.worker.ts` serves it to
 * the page; tests run it in-thread through `inThread.ts`, across the same structured clone.
 */
import { chooseBackend, memoryInfo } from '../ml/backends';
import { type BackendName } from '../model/backendNames';
import { destroyDevice, deviceLost, restartBackend, watchDevice } from '../ml/deviceLoss';
import { DEFAULT_METADATA, type ModelMetadata } from '../model/metadata';
import { describeFailure } from '../ml/failures';
import { toLayersFiles } from '../ml/model-io/layersFiles';
import { loadModel } from '../ml/model-io/loadModel';
import { type ModelFormat, type ModelSource } from '../model/modelSource';
import { type SegmentationModel } from '../ml/segmentationModel';
import { segmentRaster } from '../ml/segmentRaster';
import { fineTune, timeTrainingStep, trainingUnsupported } from '../ml/train';
import { wasmPaths } from '../ml/wasmAssets';
import { type EngineApi, type ModelInfo, type RecoveryEvent } from './engineApi';

/** A fresh engine with no model; one per worker (TF.js's backend and memory are per thread). */
export function createEngine(): EngineApi {
  let current: { model: SegmentationModel; format: ModelFormat; description: string } | null = null;
  let stopRequested = false;
  let training = false;
  /** What to reload after a lost device: the model's last source and settings. */
  let reloadFrom: { source: ModelSource; metadata: ModelMetadata } | null = null;
  let forced: BackendName | null = null;
  let reportRecovery: ((event: RecoveryEvent) => void) | null = null;
  /** The second model of the viewer's two-model compare: one at a time, replaced when another is asked for. */
  let other: { key: string; model: SegmentationModel } | null = null;

  /** After a lost GPU device: a fresh backend, the model loaded again, the page told. */
  async function recover(reason: string): Promise<void> {
    const backend = await restartBackend(wasmPaths(), forced);
    const previous = current;
    current = null;
    // The compare model's weights went with the device too: it loads again when next asked for.
    const previousOther = other;
    other = null;
    try {
      previous?.model.dispose();
      previousOther?.model.dispose();
    } catch {
      // Its GPU buffers went with the device.
    }
    if (!reloadFrom) throw new Error(`the GPU device was lost (${reason}) and there is no model to reload`);
    const loaded = await loadModel(reloadFrom.source, reloadFrom.metadata);
    await loaded.model.warmUp();
    current = loaded;
    const message =
      backend.name === 'webgpu'
        ? `The GPU device was lost (${reason}); WebGPU was restarted and the model reloaded. Your images and results are kept.`
        : `The GPU device was lost (${reason}) and WebGPU could not be restarted; now running on ${backend.name.toUpperCase()}. Your images and results are kept.`;
    reportRecovery?.({ backend, model: info(), message });
  }

  /** Runs a model call, recovering once from a lost device first or after it fails because of one. */
  async function withDevice<T>(run: () => Promise<T>): Promise<T> {
    const before = deviceLost();
    if (before) await recover(before);
    try {
      return await run();
    } catch (e) {
      const reason = deviceLost();
      if (!reason) throw e;
      await recover(reason);
      return run();
    }
  }

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
      activation: model.activation,
      classes: model.classes,
      parameterCount: model.parameterCount,
      notTrainable: model.layers ? null : 'a graph model is a frozen TensorFlow graph: it can run but not be trained or re-saved',
      trainingUnsupported: trainingUnsupported(),
    };
  }

    return {
    async start(forcedBackend, onRecovered) {
      forced = forcedBackend;
      reportRecovery = onRecovered;
      const choice = await chooseBackend({ forced: forcedBackend, wasmPaths: wasmPaths() });
      watchDevice();
      return choice;
    },
    simulateDeviceLoss() {
      return destroyDevice();
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
      reloadFrom = { source, metadata: loaded.model.metadata };
      return { model: info(), warmUpMs };
    },
    async setMetadata(metadata) {
      if (!current) throw new Error('no model is loaded');
      current = { ...current, model: current.model.withMetadata(metadata) };
      if (reloadFrom) reloadFrom = { ...reloadFrom, metadata };
      return info();
    },
    async exportLayersFiles() {
      const layers = current?.model.layers;
      if (!layers) throw new Error(current ? info().notTrainable ?? 'not a layers model' : 'no model is loaded');
      const files = await toLayersFiles(layers);
      // From now on a reload after a lost device brings back these weights (fine-tuned ones included).
      reloadFrom = {
        source: { kind: 'files', files: [{ name: 'model.json', bytes: new TextEncoder().encode(files.modelJson) }, { name: 'weights.bin', bytes: files.weights.slice() }] },
        metadata: current?.model.metadata ?? DEFAULT_METADATA,
      };
      return files;
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
    async timeTrainingStep(batchSize, loss) {
      const layers = current?.model.layers;
      if (!layers) throw new Error(current ? `This model cannot be fine-tuned: ${info().notTrainable}` : 'no model is loaded');
      const unsupported = trainingUnsupported();
      if (unsupported) throw new Error(unsupported);
      if (training) throw new Error('a fine-tuning run is going');
      try {
        return await timeTrainingStep(layers, batchSize, loss);
      } catch (e) {
        throw new Error(describeFailure(e, 'timing a training step'), { cause: e });
      }
    },
    async segment(raster, region, window) {
      if (!current) throw new Error('no model is loaded');
      let result;
      try {
        result = await withDevice(() => segmentRaster((current as { model: SegmentationModel }).model, raster, region, window));
      } catch (e) {
        throw new Error(describeFailure(e, 'segmenting'), { cause: e });
      }
      return result;
    },
    async segmentWithOther(key, source, metadata, raster, region, window) {
      if (other?.key !== key) {
        const loaded = await loadModel(source, metadata);
        other?.model.dispose();
        other = { key, model: loaded.model };
      }
      const model = other.model;
      try {
        const segmentation = await segmentRaster(model, raster, region, window);
        return { segmentation, name: model.metadata.name, classes: model.classes, threshold: model.metadata.threshold };
      } catch (e) {
        throw new Error(describeFailure(e, 'segmenting with the second model'), { cause: e });
      }
    },
    memory() {
      return memoryInfo();
    },
  };
}
