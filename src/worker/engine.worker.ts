/**
 * The worker that owns TF.js, so inference and training never block the page: serves
 * `createEngine()` over Comlink, handing large results' buffers over instead of copying them.
 */
import * as Comlink from 'comlink';
import { createEngine } from './engine';
import { type EngineApi } from './engineApi';

const engine = createEngine();

const served: EngineApi = {
  ...engine,
  async exportLayersFiles() {
    const files = await engine.exportLayersFiles();
    return Comlink.transfer(files, [files.weights.buffer]);
  },
  async segment(raster, region, window) {
    const result = await engine.segment(raster, region, window);
    return Comlink.transfer(result, [result.grid.buffer]);
  },
};

Comlink.expose(served);
