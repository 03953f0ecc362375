/**
 * The model in use as one ZIP of TF.js layers files — `model.json`, `weights.bin` and
 * `unet-studio.json` — which this app (dropped as the ZIP or unpacked), `npm run segment` and
 * `tf.loadLayersModel` load back.
 */
import { zipSync } from 'fflate';
import { METADATA_FILE } from '../model/metadata';
import { type LayersFiles, WEIGHTS_FILE } from '../model/layersFiles';

export function modelZip(files: LayersFiles, metadata: unknown): Uint8Array {
  return zipSync({
    'model.json': new TextEncoder().encode(files.modelJson),
    [WEIGHTS_FILE]: files.weights,
    [METADATA_FILE]: new TextEncoder().encode(`${JSON.stringify(metadata, null, 2)}\n`),
  });
}
