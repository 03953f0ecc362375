/**
 * The worker that owns TF.js: picks the backend, loads and warms up the model, and runs
 * segmentations one at a time, so inference never blocks the page.
 */
import * as Comlink from 'comlink';
import { chooseBackend, liveTensorCount } from '../ml/backends';
import { loadModelFromUrl } from '../ml/loadFromUrl';
import { describeFailure } from '../ml/failures';
import { wasmPaths } from '../ml/wasmAssets';
import { type SegmentationModel } from '../ml/segmentationModel';
import { segmentRaster } from '../ml/segmentRaster';
import { type EngineApi } from './engineApi';

let model: SegmentationModel | null = null;

const engine: EngineApi = {
  async start(options, onPhase) {
    onPhase('backend');
    const backend = await chooseBackend({ forced: options.forcedBackend, wasmPaths: wasmPaths() });
    onPhase('model');
    const loaded = await loadModelFromUrl(options.modelUrl);
    onPhase('warm-up');
    let warmUpMs: number;
    try {
      warmUpMs = await loaded.warmUp();
    } catch (e) {
      loaded.dispose();
      throw new Error(describeFailure(e, 'warming up the model'), { cause: e });
    }
    model?.dispose();
    model = loaded;
    return {
      backend,
      warmUpMs,
      model: {
        url: options.modelUrl,
        metadata: loaded.metadata,
        size: loaded.spec.size,
        channels: loaded.spec.channels,
        outputChannels: loaded.outputChannels,
        parameterCount: loaded.parameterCount,
      },
    };
  },
  async segment(raster, region) {
    if (!model) throw new Error('no model is loaded');
    let result;
    try {
      result = await segmentRaster(model, raster, region);
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
