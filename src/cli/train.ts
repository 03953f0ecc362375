/**
 * `npm run train -- --images <dir> --masks <dir> --out <model dir> [--init <model dir>]
 *   [--base 16] [--depth 4] [--size 256] [--batchnorm] [--epochs 20] [--batch 4] [--lr 1e-3]
 *   [--validation 10] [--loss bce+dice|dice] [--no-augment] [--backend cpu|webgpu]`
 *
 * Trains a U-Net from scratch (the seed's layout), or fine-tunes `--init`, with the same pairing,
 * resampling, augmentation, loss and training loop as the browser's fine-tuning, and writes a
 * TF.js layers model with its `unet-studio.json` and a short MODEL_CARD.md. The default backend is
 * WebGPU through Dawn (npm `webgpu`), with our training kernels: the GPU that VK_ICD_FILENAMES
 * names, else Chromium's SwiftShader; `--backend cpu` uses TF.js's CPU backend.
 */
import { dawnUnavailable } from './dawnOrSwiftShader';
import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileName, pairFiles } from '../files/pairing';
import { decodeImage } from '../image/decode';
import { fitRegion } from '../image/geometry';
import { maskFromRaster } from '../image/mask';
import { packTrainingPairs, splitPairs, SPLIT_SEED } from '../image/trainingPair';
import { DEFAULT_AUGMENTATION, NO_AUGMENTATION } from '../model/augmentOptions';
import { chooseBackend } from '../ml/backends';
import { isBackendName } from '../model/backendNames';
import { isLossName, LOSS_NAMES } from '../model/trainTypes';
import { DEFAULT_METADATA } from '../model/metadata';
import { fineTune, meanDice } from '../ml/train';
import { buildUnet } from '../ml/unet';
import { parseArgs } from './args';
import { listFiles } from './listFiles';
import { loadModelFromDisk } from './modelFiles';
import { saveModelToDisk } from './saveModel';
import { runCli } from './run';

const USAGE = 'usage: npm run train -- --images <dir> --masks <dir> --out <model dir> [--init <model dir>] [--base 16] [--epochs 20] …';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), {
    options: {
      images: 'text',
      masks: 'text',
      out: 'text',
      init: 'text',
      base: 'number',
      depth: 'number',
      size: 'number',
      epochs: 'number',
      batch: 'number',
      lr: 'number',
      validation: 'number',
      loss: LOSS_NAMES,
      backend: ['webgpu', 'cpu'],
    },
    switches: ['batchnorm', 'no-augment', 'help'],
  });
  const get = (name: string, fallback: string) => args.values.get(name) ?? fallback;
  const imagesDir = args.values.get('images');
  const masksDir = args.values.get('masks');
  const out = args.values.get('out');
  if (args.switches.has('help') || !imagesDir || !masksDir || !out) {
    console.error(USAGE);
    return args.switches.has('help') ? 0 : 2;
  }
  const backendName = get('backend', 'webgpu');
  if (!isBackendName(backendName)) throw new Error(`unknown backend "${backendName}"`);
  const loss = args.values.get('loss') ?? LOSS_NAMES[0];
  if (!isLossName(loss)) throw new Error(`unknown loss "${loss}"`);
  if (backendName === 'webgpu' && dawnUnavailable) throw new Error(`${dawnUnavailable}; or use --backend cpu`);
  const backend = await chooseBackend({ forced: backendName });
  console.log(`backend: ${backend.name}${backend.adapter ? ` (${backend.adapter})` : ''}`);

  const init = args.values.get('init');
  const base = init ? await loadModelFromDisk(init) : null;
  const model =
    base?.layers ??
    buildUnet({ size: Number(get('size', '256')), channels: 1, base: Number(get('base', '16')), depth: Number(get('depth', '4')), batchNorm: args.switches.has('batchnorm') });
  const spec = base?.spec ?? { size: Number(get('size', '256')), channels: 1 as const, intensity: 'unit' as const };
  const metadata = base?.metadata ?? { ...DEFAULT_METADATA, name: fileName(out) };

  const { pairs } = pairFiles([...listFiles(imagesDir, 'images'), ...listFiles(masksDir, 'masks')]);
  const usable = pairs.filter((p) => p.mask);
  const { images, masks } = await packTrainingPairs(usable.length, spec, async (k) => {
    const { image, mask } = usable[k];
    const raster = await decodeImage(new Uint8Array(readFileSync(image.full)));
    const truth = maskFromRaster(await decodeImage(new Uint8Array(readFileSync((mask as { full: string }).full))));
    return { raster, truth, region: fitRegion(raster.width, raster.height) };
  });
  const split = splitPairs(usable.map((_, k) => k), Number(get('validation', '10')), SPLIT_SEED);
  console.log(`${usable.length} pairs: ${split.train.length} to train, ${split.validation.length} to validate`);

  const heldOut = split.validation.map((k) => fileName(usable[k].image.path));
  const batchSize = Number(get('batch', '4'));
  // A fine-tune's starting point on the held-out pairs, for the before/after in the card.
  let before: number | null = null;
  if (init && split.validation.length > 0) {
    const xs = tf.tensor4d(images, [usable.length, spec.size, spec.size, spec.channels]);
    const ys = tf.tensor4d(masks, [usable.length, spec.size, spec.size, 1]);
    before = await meanDice(model, xs, ys, split.validation, batchSize);
    tf.dispose([xs, ys]);
    console.log(`validation Dice before fine-tuning: ${before?.toFixed(4) ?? '–'}`);
  }

  const epochs = Number(get('epochs', '20'));
  const started = performance.now();
  const { epochs: reports } = await fineTune(
    model,
    { images, masks, count: usable.length, size: spec.size, channels: spec.channels, train: split.train, validation: split.validation },
    {
      epochs,
      batchSize,
      learningRate: Number(get('lr', init ? '1e-4' : '1e-3')),
      loss,
      freezeEncoder: false,
      augmentation: args.switches.has('no-augment') ? NO_AUGMENTATION : DEFAULT_AUGMENTATION,
      seed: SPLIT_SEED,
    },
    {
      shouldStop: () => false,
      onEpoch: (r) => console.log(`epoch ${r.epoch}/${epochs}: loss ${r.trainLoss.toFixed(4)}, validation Dice ${r.validationDice?.toFixed(4) ?? '–'} (${r.seconds.toFixed(1)} s)`),
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const last = reports[reports.length - 1];
  await saveModelToDisk(model, out, metadata);
  writeFileSync(
    join(out, 'MODEL_CARD.md'),
    [
      `# ${metadata.name}`,
      '',
      `${init ? `Fine-tuned from ${init}` : `U-Net trained from scratch (base ${get('base', '16')}, depth ${get('depth', '4')}${args.switches.has('batchnorm') ? ', BatchNorm' : ''})`} with \`npm run train\`.`,
      '',
      `- Input ${spec.size}×${spec.size}×${spec.channels}, intensity ${metadata.intensity}, letterboxed; sigmoid output.`,
      `- Data: ${usable.length} pairs from ${imagesDir} and ${masksDir}; ${split.train.length} trained on, ${split.validation.length} held out for validation.`,
      `- ${reports.length} epochs, batch ${get('batch', '4')}, Adam, loss ${loss}, augmentation ${args.switches.has('no-augment') ? 'off' : 'on'}; ${seconds.toFixed(0)} s on ${backend.name}${backend.adapter ? ` (${backend.adapter})` : ''}.`,
      `- Validation Dice (threshold 0.5, at ${spec.size}×${spec.size}): ${before !== null ? `${before.toFixed(4)} before fine-tuning, ` : ''}${last?.validationDice?.toFixed(4) ?? 'n/a'}${before !== null ? ' after' : ''}.`,
      `- Held out: ${heldOut.join(', ') || 'none'}.`,
      '',
    ].join('\n'),
  );
  console.log(`saved to ${out} after ${seconds.toFixed(1)} s`);
  model.dispose();
  tf.disposeVariables();
  return 0;
}

runCli(main);
