/**
 * Main-thread handles on the workers, and all Comlink knowledge: which arguments are callbacks
 * (proxied), which buffers are handed over (transferred) and which are copied. Module workers
 * are in every browser with WebGPU or WebGL2, so there is no in-thread fallback: a browser
 * without them cannot run the app anyway.
 */
import * as Comlink from 'comlink';
import {
  type AopRequest,
  type BiometryRequest,
  type BoundaryRequest,
  type ClassBoundaryRequest,
  type DecoderApi,
  type DecoderService,
  type EngineApi,
  type EngineService,
  type HistogramRequest,
  type MeasureApi,
  type MeasureWire,
  type OnWire,
} from './engineApi';
import { truthSender } from './truthCache';

export interface EngineClient {
  readonly engine: EngineService;
  /** Drill and e2e hook: destroys the WebGPU device as a driver reset would; false off WebGPU. */
  simulateDeviceLoss(): Promise<boolean>;
  terminate(): void;
}

export function createEngineService(): EngineClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'engine' });
  const remote = Comlink.wrap<EngineApi>(worker);
  const engine: EngineService = {
    start: (forcedBackend, onRecovered) => remote.start(forcedBackend, Comlink.proxy(onRecovered)),
    loadModel: (source, metadata, onPhase) => remote.loadModel(source, metadata, Comlink.proxy(onPhase)),
    setMetadata: (metadata) => remote.setMetadata(metadata),
    exportLayersFiles: () => remote.exportLayersFiles(),
    // The images and masks were packed for this run only: hand their buffers over.
    train: (data, options, onProgress) => remote.train(Comlink.transfer(data, [data.images.buffer, data.masks.buffer]), options, Comlink.proxy(onProgress)),
    stopTraining: () => remote.stopTraining(),
    timeTrainingStep: (batchSize, loss) => remote.timeTrainingStep(batchSize, loss),
    // A copy, not a transfer: the page keeps the pixels to display them.
    segment: (raster, region, window) => remote.segment(raster, region, window),
    segmentWithOther: (key, source, metadata, raster, region, window) => remote.segmentWithOther(key, source, metadata, raster, region, window),
    memory: () => remote.memory(),
  };
  return { engine, simulateDeviceLoss: () => remote.simulateDeviceLoss(), terminate: () => worker.terminate() };
}

export function createDecodeService(): { decoder: DecoderService; terminate: () => void } {
  const worker = new Worker(new URL('./decode.worker.ts', import.meta.url), { type: 'module', name: 'decoder' });
  const remote = Comlink.wrap<DecoderApi>(worker);
  return {
    // The file's bytes were read for this decode only: hand them over.
    decoder: {
      decode: (bytes, frame) => remote.decode(Comlink.transfer(bytes, [bytes.buffer]), frame),
      decodeMask: (bytes, frame) => remote.decodeMask(Comlink.transfer(bytes, [bytes.buffer]), frame),
    },
    terminate: () => worker.terminate(),
  };
}

let measurer: MeasureApi | null = null;

/**
 * The measuring worker (threshold histograms, ellipse biometry, boundary distances), started on
 * first use and kept for the page's life. Each ground truth is copied into it once (truthCache.ts),
 * not at every threshold step.
 */
export function measureService(): MeasureApi {
  if (measurer) return measurer;
  const remote = Comlink.wrap<MeasureWire>(new Worker(new URL('./measure.worker.ts', import.meta.url), { type: 'module', name: 'measure' }));
  const send = truthSender<object>();
  const onWire = <R extends { readonly truth: object | null }>(request: R) => ({ ...request, truth: request.truth ? send(request.truth) : null });
  measurer = {
    histogram: (request) => remote.histogram(onWire(request) as OnWire<HistogramRequest>),
    biometry: (request) => remote.biometry(onWire(request) as OnWire<BiometryRequest>),
    boundary: (request) => remote.boundary(onWire(request) as OnWire<BoundaryRequest>),
    classBoundary: (request) => remote.classBoundary(onWire(request) as OnWire<ClassBoundaryRequest>),
    angleOfProgression: (request) => remote.angleOfProgression(onWire(request) as OnWire<AopRequest>),
  };
  return measurer;
}
