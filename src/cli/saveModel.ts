/** Writes a TF.js layers model to a folder as `model.json` + one `weights.bin` (Node only). */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { METADATA_FILE, type ModelMetadata } from '../ml/metadata';

export async function saveModelToDisk(model: tf.LayersModel, folder: string, metadata?: Partial<ModelMetadata>): Promise<void> {
  mkdirSync(folder, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData;
      const bytes = weights instanceof ArrayBuffer ? new Uint8Array(weights) : new Uint8Array(await new Blob(weights as ArrayBuffer[]).arrayBuffer());
      writeFileSync(join(folder, 'weights.bin'), bytes);
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      writeFileSync(join(folder, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.length } };
    }),
  );
  if (metadata) writeFileSync(join(folder, METADATA_FILE), `${JSON.stringify(metadata, null, 2)}\n`);
}
