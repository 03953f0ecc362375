/**
 * `npm run train -- --images <dir> --masks <dir> --out <model dir> [--init <model dir>]
 *   [--base 16] [--depth 4] [--size 256] [--batchnorm] [--epochs 20] [--batch 4] [--lr 1e-3]
 *   [--validation 10] [--loss bce+dice|dice|ce+dice] [--no-augment] [--backend webgpu|wasm|cpu]
 *   [--threads N] [--classes N] [--class-names "a,b"] [--class-weights "1,2,1"] [--name text]
 *   [--attribution text] [--checkpoint] [--max-minutes M] [--time-step]`
 *
 * Trains a U-Net from scratch (the seed's layout), or fine-tunes `--init`, with the same pairing,
 * resampling, augmentation, loss and training loop as the browser's fine-tuning, and writes a
 * TF.js layers model with its `unet-studio.json` and a short MODEL_CARD.md.
 *
 * Classes: binary by default; multi-class when `--classes N` (background included) or
 * `--class-names` says so, when `--init` is a multi-class model, or when the masks are label maps
 * (their largest value + 1; see trainClasses.ts). Multi-class masks are read through the class
 * table (a value no class stands for is an error), the model gets an N-channel softmax head, the
 * default loss is `ce+dice`, and the metadata records the classes and `"activation": "softmax"`.
 *
 * Backends: WebGPU through Dawn (npm `webgpu`, default) with our training kernels — the GPU that
 * VK_ICD_FILENAMES names, else Chromium's SwiftShader; `wasm`, TF.js's WASM backend with our
 * training kernels (the fastest on a CPU-only machine; `--threads`, default 1, though TF.js's WASM
 * build for Node is single-threaded, which a note says; `npm run train:browser` uses every core); `cpu`, TF.js's
 * pure-JS backend. `--time-step` prints one training step's time at the settings and exits.
 * `--checkpoint` saves the model into `--out` after every epoch; `--max-minutes` stops training
 * after the batch that passes that wall time (the card says how many epochs ran).
 */
import { dawnUnavailable } from './dawnOrSwiftShader';
import * as tf from '@tensorflow/tfjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileName, pairFiles } from '../files/pairing';
import { decodeImage } from '../image/decode';
import { fitRegion } from '../image/geometry';
import { labelMapFromRaster } from '../image/labelMap';
import { maskFromRaster } from '../image/mask';
import { MIN_IMAGE_SIDE, notAnImage } from '../image/raster';
import { packTrainingPairs, splitPairs, SPLIT_SEED } from '../image/trainingPair';
import { DEFAULT_AUGMENTATION, NO_AUGMENTATION } from '../model/augmentOptions';
import { chooseBackend, wasmThreadCount } from '../ml/backends';
import { isBackendName } from '../model/backendNames';
import { isLossName, LOSS_NAMES, lossNamesFor, TRAINING_LIMITS } from '../model/trainTypes';
import { DEFAULT_METADATA, type ModelMetadata } from '../model/metadata';
import { fineTune, meanDice, timeTrainingStep } from '../ml/train';
import { buildUnet } from '../ml/unet';
import { outputChannels, predictLabelMaps } from '../ml/validation';
import { numberAbove, numberFrom, parseArgs, parseNumberList, UsageError, wholeFrom } from './args';
import { listFiles } from './listFiles';
import { loadModelFromDisk } from './modelFiles';
import { saveModelToDisk } from './saveModel';
import { runCli } from './run';
import { classesFromMasks, classTableFor } from './trainClasses';
import { classFigures } from './trainReport';

const USAGE = 'usage: npm run train -- --images <dir> --masks <dir> --out <model dir> [--init <model dir>] [--base 16] [--epochs 20] [--classes N] [--class-names "a,b"] [--backend webgpu|wasm|cpu] …';

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), {
    options: {
      images: 'text',
      masks: 'text',
      out: 'text',
      init: 'text',
      base: wholeFrom(1, 512),
      depth: wholeFrom(1, 8),
      size: wholeFrom(MIN_IMAGE_SIDE, 4096),
      epochs: wholeFrom(TRAINING_LIMITS.epochs.min, TRAINING_LIMITS.epochs.max),
      batch: wholeFrom(TRAINING_LIMITS.batchSize.min, TRAINING_LIMITS.batchSize.max),
      lr: numberFrom(TRAINING_LIMITS.learningRate.min, TRAINING_LIMITS.learningRate.max),
      validation: numberFrom(TRAINING_LIMITS.validationPercent.min, TRAINING_LIMITS.validationPercent.max, '(per cent of the pairs held out)'),
      loss: LOSS_NAMES,
      backend: ['webgpu', 'wasm', 'cpu'],
      threads: wholeFrom(1, 256),
      classes: wholeFrom(2, 255, '(background included)'),
      'class-names': 'text',
      'class-weights': 'text',
      name: 'text',
      attribution: 'text',
      'max-minutes': numberAbove(0),
    },
    switches: ['batchnorm', 'no-augment', 'checkpoint', 'time-step', 'help'],
  });
  const get = (name: string, fallback: string) => args.values.get(name) ?? fallback;
  const num = (name: string, fallback: number) => args.numbers.get(name) ?? fallback;
  const imagesDir = args.values.get('images');
  const masksDir = args.values.get('masks');
  const out = args.values.get('out');
  if (args.switches.has('help') || !imagesDir || !masksDir || !out) {
    console.error(USAGE);
    return args.switches.has('help') ? 0 : 2;
  }
  // Every number checked before the backend starts or a file is read (parseArgs did the ranges).
  const size = num('size', 256);
  const depth = num('depth', 4);
  const init = args.values.get('init');
  // The U-Net halves its input at each level and concatenates it back: the size must divide evenly.
  if (!init && size % 2 ** depth !== 0) throw new UsageError(`--size ${size} cannot go through --depth ${depth}: it must be a multiple of ${2 ** depth}`);
  const weightsArg = args.values.get('class-weights');
  const classWeights = weightsArg ? parseNumberList('class-weights', weightsArg, numberFrom(0, Infinity)) : undefined;
  if (classWeights && classWeights.every((w) => w === 0)) throw new UsageError(`--class-weights "${weightsArg}" weighs every class 0; at least one must be above 0`);
  const backendName = get('backend', 'webgpu');
  if (!isBackendName(backendName)) throw new Error(`unknown backend "${backendName}"`);
  if (backendName === 'webgpu' && dawnUnavailable) throw new Error(`${dawnUnavailable}; or use --backend wasm or cpu`);
  const threads = num('threads', 1);
  const backend = await chooseBackend({ forced: backendName, wasmThreads: threads });
  const backendLine = `${backend.name}${backend.adapter ? ` (${backend.adapter})` : ''}${backend.name === 'wasm' ? ` (${backend.limits ?? ''})` : ''}`;
  console.log(`backend: ${backendLine}`);
  const running = backend.name === 'wasm' ? wasmThreadCount() : null;
  if (running !== null && running < threads) {
    console.warn(`note: --threads ${threads}: WASM runs on ${running} thread${running === 1 ? '' : 's'} here (TF.js's WASM build for Node is single-threaded); npm run train:browser trains on every core`);
  }

  const base = init ? await loadModelFromDisk(init) : null;
  if (base && !base.layers) throw new Error(`${init} is not a layers model, so it cannot be trained`);

  const { pairs } = pairFiles([...listFiles(imagesDir, 'images'), ...listFiles(masksDir, 'masks')]);
  const usable = pairs.filter((p) => p.mask);
  const maskPath = (k: number) => (usable[k].mask as { full: string }).full;
  const rawMasks = await Promise.all(usable.map((_, k) => decodeImage(new Uint8Array(readFileSync(maskPath(k))))));

  // Classes, background included: told, or the initial model's, or what the masks hold.
  const namesArg = args.values.get('class-names');
  const initChannels = base?.layers ? outputChannels(base.layers) : null;
  const toldClasses = args.numbers.get('classes');
  const classes = toldClasses
    ? toldClasses
    : initChannels !== null
      ? Math.max(2, initChannels === 1 ? 2 : initChannels)
      : namesArg
        ? namesArg.split(',').filter((n) => n.trim() !== '').length + 1
        : classesFromMasks(rawMasks.map((r, k) => ({ path: maskPath(k), values: r.channels === 1 ? new Set(r.data) : new Set([0, 1]) })));
  if (!Number.isInteger(classes) || classes < 2 || classes > 255) throw new Error(`--classes must be an integer from 2 to 255 (background included), not ${classes}`);
  const multi = classes > 2;
  const table = classTableFor(classes, namesArg, base?.metadata.classes ?? null);
  if (initChannels !== null && initChannels !== (multi ? classes : 1)) throw new Error(`${init} has ${initChannels} output channels; ${classes} classes need ${multi ? classes : 1}`);
  console.log(`classes: ${classes} (background, ${table.map((c) => `${c.value} = ${c.name}`).join(', ')})`);

  const loss = args.values.get('loss') ?? lossNamesFor(classes)[0];
  if (!isLossName(loss)) throw new Error(`unknown loss "${loss}"`);
  if (classWeights && classWeights.length !== classes) throw new Error(`--class-weights needs ${classes} numbers (background first)`);

  const model =
    base?.layers ??
    buildUnet({ size, channels: 1, base: num('base', 16), depth, batchNorm: args.switches.has('batchnorm'), classes });
  const spec = base?.spec ?? { size, channels: 1 as const, intensity: 'unit' as const };
  const metadata: ModelMetadata = {
    ...(base?.metadata ?? DEFAULT_METADATA),
    name: get('name', base?.metadata.name ?? fileName(out)),
    attribution: args.values.get('attribution') ?? base?.metadata.attribution ?? null,
    ...(multi ? { classes: table, activation: 'softmax' as const } : {}),
  };
  const batchSize = num('batch', 4);

  if (args.switches.has('time-step')) {
    const ms = await timeTrainingStep(model, batchSize, loss);
    console.log(`one training step (forward + backward, batch ${batchSize}, ${spec.size}², base ${get('base', '16')}, ${classes} classes, ${loss}) on ${backendLine}: ${(ms / 1000).toFixed(2)} s`);
    return 0;
  }

  const { images, masks } = await packTrainingPairs(
    usable.length,
    spec,
    async (k) => {
      const raster = await decodeImage(new Uint8Array(readFileSync(usable[k].image.full)));
      const notImage = notAnImage(raster.scan);
      if (notImage) throw new Error(`${usable[k].image.full}: ${notImage}; put it in the --masks folder`);
      let truth;
      try {
        truth = multi ? labelMapFromRaster(rawMasks[k], table) : maskFromRaster(rawMasks[k]);
      } catch (e) {
        // Among 160 masks, the one to fix must be named.
        throw new Error(`mask ${maskPath(k)}: ${(e as Error).message}`, { cause: e });
      }
      return { raster, truth, region: fitRegion(raster.width, raster.height) };
    },
    multi ? 'labels' : 'binary',
  );
  const split = splitPairs(usable.map((_, k) => k), num('validation', 10), SPLIT_SEED);
  console.log(`${usable.length} pairs: ${split.train.length} to train, ${split.validation.length} to validate (split seed ${SPLIT_SEED})`);
  const heldOut = split.validation.map((k) => fileName(usable[k].image.path));

  // A fine-tune's starting point on the held-out pairs, for the before/after in the card.
  let before: number | null = null;
  if (init && split.validation.length > 0) {
    const xs = tf.tensor4d(images, [usable.length, spec.size, spec.size, spec.channels]);
    const ys = tf.tensor4d(masks, [usable.length, spec.size, spec.size, 1]);
    before = await meanDice(model, xs, ys, split.validation, batchSize, classes);
    tf.dispose([xs, ys]);
    console.log(`validation Dice before fine-tuning: ${before?.toFixed(4) ?? '–'}`);
  }

  const epochs = num('epochs', 20);
  const maxMinutes = num('max-minutes', Infinity);
  const started = performance.now();
  const perClassText = (values: readonly number[] | null) => (values && multi ? ` [${values.map((v, i) => `${table[i].name} ${v.toFixed(4)}`).join(', ')}]` : '');
  const { epochs: reports } = await fineTune(
    model,
    { images, masks, classes, count: usable.length, size: spec.size, channels: spec.channels, train: split.train, validation: split.validation },
    {
      epochs,
      batchSize,
      learningRate: num('lr', init ? 1e-4 : 1e-3),
      loss,
      freezeEncoder: false,
      augmentation: args.switches.has('no-augment') ? NO_AUGMENTATION : DEFAULT_AUGMENTATION,
      seed: SPLIT_SEED,
      classWeights,
    },
    {
      shouldStop: () => (performance.now() - started) / 60000 > maxMinutes,
      onEpoch: async (r) => {
        console.log(
          `epoch ${r.epoch}/${epochs}: loss ${r.trainLoss.toFixed(4)}, validation Dice ${r.validationDice?.toFixed(4) ?? '–'}${perClassText(r.validationDicePerClass)} (${r.seconds.toFixed(1)} s, ${((performance.now() - started) / 1000).toFixed(0)} s in all)`,
        );
        if (args.switches.has('checkpoint')) await saveModelToDisk(model, out, metadata);
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const last = reports[reports.length - 1];

  // Per-class Dice and HD95 of the held-out pairs at the model's resolution, from the saved weights' predictions.
  const n = spec.size * spec.size;
  const predicted = await predictLabelMaps(model, images, { count: usable.length, size: spec.size, channels: spec.channels }, split.validation, batchSize, metadata.threshold);
  const truth = split.validation.map((k) => masks.subarray(k * n, (k + 1) * n));
  const figures = classFigures(predicted, truth, spec.size, classes);
  const classNames = multi ? table.map((c) => c.name) : [metadata.label];
  const figureLines = figures.map(
    (f, i) =>
      `  - ${classNames[i]}: Dice ${f.dice.toFixed(4)}, HD95 ${f.hd95 === null ? 'n/a' : `${f.hd95.toFixed(2)} px`}${f.hd95Undefined > 0 ? ` (undefined on ${f.hd95Undefined} pair${f.hd95Undefined === 1 ? '' : 's'} where the class is missing from the prediction or the truth, left out of the mean)` : ''}`,
  );
  for (const line of figureLines) console.log(line.trim());

  await saveModelToDisk(model, out, metadata);
  writeFileSync(
    join(out, 'MODEL_CARD.md'),
    [
      `# ${metadata.name}`,
      '',
      `${init ? `Fine-tuned from ${init}` : `U-Net trained from scratch (base ${get('base', '16')}, depth ${get('depth', '4')}${args.switches.has('batchnorm') ? ', BatchNorm' : ''})`} with \`npm run train\`.`,
      '',
      `- Input ${spec.size}×${spec.size}×${spec.channels}, intensity ${metadata.intensity}, letterboxed; ${multi ? `${classes}-channel softmax output (background, ${table.map((c) => c.name).join(', ')})` : 'sigmoid output'}.`,
      `- Data: ${usable.length} pairs from ${imagesDir} and ${masksDir}; ${split.train.length} trained on, ${split.validation.length} held out for validation (seeded split, seed ${SPLIT_SEED}, ${get('validation', '10')} %).`,
      `- ${reports.length} epochs${reports.length < epochs || (last && last.batchesRun < last.batches) ? ` (of ${epochs} asked for; stopped by --max-minutes ${maxMinutes}${last && last.batchesRun < last.batches ? `, the last after ${last.batchesRun} of ${last.batches} batches` : ''})` : ''}, batch ${batchSize}, Adam (lr ${get('lr', init ? '1e-4' : '1e-3')}), loss ${loss}${classWeights ? ` (class weights ${classWeights.join(', ')})` : ''}, augmentation ${args.switches.has('no-augment') ? 'off' : 'on'}; ${seconds.toFixed(0)} s on ${backendLine}.`,
      `- Validation Dice (${multi ? 'argmax' : `threshold ${metadata.threshold}`}, at ${spec.size}×${spec.size}, mean over ${multi ? 'foreground classes' : 'pairs'}): ${before !== null ? `${before.toFixed(4)} before fine-tuning, ` : ''}${last?.validationDice?.toFixed(4) ?? 'n/a'}${before !== null ? ' after' : ''}.`,
      `- Per class on the held-out pairs (mean over pairs; HD95 in pixels of the ${spec.size}×${spec.size} grid — mm not applicable, the frames carry no pixel size):`,
      ...figureLines,
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
