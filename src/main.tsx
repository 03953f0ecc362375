/**
 * Entry point: reads `?backend=` and `?model=`, starts the workers, builds the store and renders.
 * The bundled model is resolved against the page's own URL, so the app works from any sub-path.
 */
import { createRoot } from 'react-dom/client';
import { isBackendName } from './ml/backendNames';
import { createStudioStore } from './state/store';
import { App } from './ui/App';
import './ui/styles.css';
import { registerServiceWorker } from './offline/registerServiceWorker';
import { indexedDbModelStorage } from './storage/modelStorage';
import { Comlink, createDecoder, createEngine } from './worker/client';

const BUNDLED_MODEL = 'models/unet-hc18-b16/model.json';

const params = new URLSearchParams(location.search);
const backendParam = params.get('backend');
const forcedBackend = isBackendName(backendParam) ? backendParam : null;
const modelUrl = new URL(params.get('model') ?? BUNDLED_MODEL, document.baseURI).href;

const { engine } = createEngine();
const { decoder } = createDecoder();

const badBackend =
  backendParam !== null && forcedBackend === null ? `Unknown backend "${backendParam}" in ?backend=; use webgpu, webgl, wasm or cpu.` : null;

const store = createStudioStore({
  startBackend: (onRecovered) => (badBackend ? Promise.reject(new Error(badBackend)) : engine.start(forcedBackend, Comlink.proxy(onRecovered))),
  loadModel: (source, metadata, onPhase) => engine.loadModel(source, metadata, Comlink.proxy(onPhase)),
  setMetadata: (metadata) => engine.setMetadata(metadata),
  exportLayersFiles: () => engine.exportLayersFiles(),
  train: (data, options, onProgress) =>
    engine.train(Comlink.transfer(data, [data.images.buffer, data.masks.buffer]), options, Comlink.proxy(onProgress)),
  stopTraining: () => engine.stopTraining(),
  storage: indexedDbModelStorage,
  initialModel: {
    name: params.has('model') ? (params.get('model') ?? 'model') : 'bundled model',
    origin: params.has('model') ? 'session' : 'bundled',
    source: { kind: 'url', url: modelUrl },
  },
  segment: (raster, region, window) => engine.segment(Comlink.transfer(raster, []), region, window),
  memory: () => engine.memory(),
  decode: (bytes, frame) => decoder.decode(Comlink.transfer(bytes, [bytes.buffer]), frame),
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<App store={store} />);
registerServiceWorker((update) => store.getState().offerUpdate(update.apply));

// Drills and e2e tests (?test-hooks): lose the GPU device on purpose to exercise recovery.
if (params.has('test-hooks')) {
  (window as unknown as { unetStudioTestHooks: unknown }).unetStudioTestHooks = { simulateDeviceLoss: () => engine.simulateDeviceLoss() };
}
void store.getState().startEngine();
