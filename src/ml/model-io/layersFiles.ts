/** Writes a layers model as the two files of the TF.js format (the types live TF-free in model/layersFiles.ts). */
import * as tf from '@tensorflow/tfjs';
import { type LayersFiles, WEIGHTS_FILE } from '../../model/layersFiles';

export { type LayersFiles, WEIGHTS_FILE } from '../../model/layersFiles';

export async function toLayersFiles(model: tf.LayersModel): Promise<LayersFiles> {
  let files: LayersFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      const weights = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(await new Blob(data as ArrayBuffer[]).arrayBuffer());
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs} (U-Net Studio)`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      files = { modelJson: JSON.stringify(json), weights };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.length } };
    }),
  );
  if (!files) throw new Error('the model could not be serialised');
  return files;
}
