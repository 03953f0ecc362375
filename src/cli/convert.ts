/**
 * `npm run convert -- <input files…> <out dir>`: converts a model the app can load — Keras
 * full-model .h5, architecture .json + weights .h5, Keras 3 .keras, or a TF.js layers model.json
 * with its weights — into a TF.js layers model (`model.json` + `weights.bin`) plus
 * `unet-studio.json`, with the same code the browser uses. Graph models cannot be re-saved.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { loadModel } from '../ml/model-io/loadModel';
import { parseArgs } from './args';
import { modelFilesFromDisk } from './modelFiles';
import { saveModelToDisk } from './saveModel';
import { runCli } from './run';

async function main(): Promise<number> {
  const parsed = parseArgs(process.argv.slice(2), { options: {}, switches: ['help'], positional: true });
  const args = parsed.positional;
  if (args.length < 2 || parsed.switches.has('help')) {
    console.error('usage: npm run convert -- <model files…> <out dir>   (e.g. unet.json weights.h5 out/)');
    return parsed.switches.has('help') ? 0 : 2;
  }
  await tf.setBackend('cpu');
  const outDir = args[args.length - 1];
  // One input (a folder, or a model file): its weights and unet-studio.json come from beside it, as
  // in npm run segment, so its class names and settings are kept. Several: exactly those files.
  // Keep the folder in the name: a model called model.json is named after its folder.
  const inputs =
    args.length === 2
      ? modelFilesFromDisk(args[0])
      : args.slice(0, -1).map((path) => ({ name: `${basename(dirname(resolve(path)))}/${basename(path)}`, bytes: new Uint8Array(readFileSync(path)) }));
  const { model, description } = await loadModel({ kind: 'files', files: inputs });
  try {
    if (!model.layers) throw new Error('a graph model cannot be converted to a layers model; load it in the app as it is');
    // A model of several classes gets its class table written out (default names and colours) to be named there.
    const several = model.classes.length > 1;
    await saveModelToDisk(model.layers, outDir, several ? { ...model.metadata, classes: model.classes, activation: model.activation } : model.metadata);
    const output = model.activation === 'softmax' ? `${model.outputChannels}-class softmax` : model.outputChannels === 1 ? 'sigmoid' : `${model.outputChannels} sigmoids`;
    console.log(
      `${description}: ${model.spec.size}×${model.spec.size}×${model.spec.channels} in, ${output} out, ${model.parameterCount} parameters → ${join(outDir, 'model.json')}` +
        (several ? `\n${model.classes.length} foreground classes (${model.classes.map((c) => c.name).join(', ')}); their names, colours and mask values are in ${join(outDir, 'unet-studio.json')}` : ''),
    );
  } finally {
    model.dispose();
  }
  return 0;
}

runCli(main);
