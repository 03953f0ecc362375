/** Writes a TF.js layers model to a folder as `model.json` + `weights.bin` (+ `unet-studio.json`), Node only. */
import type * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_FILE, type ModelMetadata } from '../model/metadata';
import { toLayersFiles, WEIGHTS_FILE } from '../ml/model-io/layersFiles';

export async function saveModelToDisk(model: tf.LayersModel, folder: string, metadata?: Partial<ModelMetadata>): Promise<void> {
  const files = await toLayersFiles(model);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'model.json'), files.modelJson);
  writeFileSync(join(folder, WEIGHTS_FILE), files.weights);
  if (metadata) writeFileSync(join(folder, METADATA_FILE), `${JSON.stringify(metadata, null, 2)}\n`);
}
