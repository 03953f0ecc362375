/**
 * Entry point: reads `?backend=` and `?model=`, starts the workers, builds the store and renders.
 * The bundled model is resolved against the page's own URL, so the app works from any sub-path.
 */
import { createRoot } from 'react-dom/client';
import { isBackendName } from './model/backendNames';
import { createStudioStore } from './state/store';
import { App } from './ui/App';
import './ui/styles.css';
import { registerServiceWorker } from './offline/registerServiceWorker';
import { indexedDbCorrectionStorage } from './storage/correctionStorage';
import { indexedDbModelStorage } from './storage/modelStorage';
import { createDecodeService, createEngineService, measureService } from './worker/client';

const BUNDLED_MODEL = 'models/unet-hc18-b16/model.json';
/** The other models shipped in public/models/, listed in the library and loaded when chosen. */
const OTHER_BUNDLED_MODELS = ['unet-psfhs-b16-128'];

const params = new URLSearchParams(location.search);
const backendParam = params.get('backend');
const forcedBackend = isBackendName(backendParam) ? backendParam : null;
const modelUrl = new URL(params.get('model') ?? BUNDLED_MODEL, document.baseURI).href;

const { engine, simulateDeviceLoss } = createEngineService();
const { decoder } = createDecodeService();

const badBackend =
  backendParam !== null && forcedBackend === null ? `Unknown backend "${backendParam}" in ?backend=; use webgpu, webgl, wasm or cpu.` : null;

const store = createStudioStore({
  engine: badBackend ? { ...engine, start: () => Promise.reject(new Error(badBackend)) } : engine,
  decode: decoder.decode,
  decodeMask: decoder.decodeMask,
  histogram: (segmentation, truth) => measureService().histogram({ segmentation, truth }),
  storage: indexedDbModelStorage,
  corrections: indexedDbCorrectionStorage,
  forcedBackend,
  initialModel: {
    name: params.has('model') ? (params.get('model') ?? 'model') : 'bundled model',
    origin: params.has('model') ? 'session' : 'bundled',
    source: { kind: 'url', url: modelUrl },
  },
  otherBundledModels: OTHER_BUNDLED_MODELS.map((name) => ({ name, source: { kind: 'url', url: new URL(`models/${name}/model.json`, document.baseURI).href } })),
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(<App store={store} />);
registerServiceWorker((update) => store.getState().offerUpdate(update.apply));

// Drills and e2e tests (?test-hooks): lose the GPU device on purpose to exercise recovery, and read
// the selected image's model output so a journey can score it at full resolution on its own.
if (params.has('test-hooks')) {
  const selectedSegmentation = () => {
    const { items, selectedId } = store.getState();
    const s = items.find((i) => i.id === selectedId)?.segmentation;
    return s ? { grid: Array.from(s.grid), gridSize: s.gridSize, region: s.region, box: s.box } : null;
  };
  (window as unknown as { unetStudioTestHooks: unknown }).unetStudioTestHooks = { simulateDeviceLoss, selectedSegmentation };
}
void store.getState().startEngine();
