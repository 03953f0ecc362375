/**
 * `npm run convert -- <input files…> <out dir>`: converts a model the app can load — Keras
 * full-model .h5, architecture .json + weights .h5, Keras 3 .keras, or a TF.js layers model.json
 * with its weights — into a TF.js layers model (`model.json` + `weights.bin`) plus
 * `unet-studio.json`, with the same code the browser uses. Graph models cannot be re-saved.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { METADATA_FILE } from '../ml/metadata';
import { toLayersFiles, WEIGHTS_FILE } from '../ml/model-io/layersFiles';
import { loadModel } from '../ml/model-io/loadModel';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length < 2 || args.includes('--help')) {
    console.error('usage: npm run convert -- <model files…> <out dir>   (e.g. unet.json weights.h5 out/)');
    return args.includes('--help') ? 0 : 2;
  }
  await tf.setBackend('cpu');
  const outDir = args[args.length - 1];
  // Keep the folder in the name: a model called model.json is named after its folder.
  const inputs = args.slice(0, -1).map((path) => ({ name: `${basename(dirname(resolve(path)))}/${basename(path)}`, bytes: new Uint8Array(readFileSync(path)) }));
  const { model, description } = await loadModel({ kind: 'files', files: inputs });
  try {
    if (!model.layers) throw new Error('a graph model cannot be converted to a layers model; load it in the app as it is');
    const files = await toLayersFiles(model.layers);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'model.json'), files.modelJson);
    writeFileSync(join(outDir, WEIGHTS_FILE), files.weights);
    writeFileSync(join(outDir, METADATA_FILE), `${JSON.stringify(model.metadata, null, 2)}\n`);
    console.log(
      `${description}: ${model.spec.size}×${model.spec.size}×${model.spec.channels} in, ${model.parameterCount} parameters → ${join(outDir, 'model.json')}`,
    );
  } finally {
    model.dispose();
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${(e as Error).message}`);
    process.exit(1);
  },
);
