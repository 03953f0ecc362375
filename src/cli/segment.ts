/**
 * `npm run segment -- --model <folder, model.json, .h5 or .keras> --images <dir> [--masks <dir>] --out <dir>
 *  [--threshold 0.5] [--fit|--crop] [--window <centre>,<width>] [--backend wasm|cpu]`
 *
 * The app's pipeline without a browser: the same decoders (DICOM, TIFF, PNG, JPEG, BMP; each
 * frame of a multi-frame file as `<file>#<n>`), windows, geometry, model wrapper and metrics, so
 * both give the same numbers for the same inputs. Writes `<out>/<image name>.png` (0/255 at the
 * original size, 0 outside the region the model saw), `<out>/images.csv` (areas, input mapping),
 * `<out>/seg/<name>.seg.dcm` for DICOM inputs and, with masks, `<out>/metrics.csv`.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeImage } from '../image/decode';
import { defaultRegion, type GeometryMode } from '../image/geometry';
import { maskFromRaster, thresholdToMask } from '../image/mask';
import { describeMaskReading } from '../image/maskReading';
import { encodeMaskPng } from '../image/pngEncode';
import { defaultWindow, type IntensityWindow } from '../image/window';
import { dicomSeg } from '../export/dicomSeg';
import { imagesCsv, imageSummaryRow, type ImageSummaryRow } from '../export/imageSummary';
import { probabilitiesOnImage } from '../image/segmentation';
import { pairFiles, fileName } from '../files/pairing';
import { chooseBackend } from '../ml/backends';
import { isBackendName } from '../model/backendNames';
import { segmentRaster } from '../ml/segmentRaster';
import { confusionAt } from '../metrics/confusion';
import { maskFileName, metricsCsv, type MetricsRow } from '../metrics/csv';
import { meanScores, scoresFromConfusion } from '../metrics/scores';
import { parseArgs } from './args';
import { listFiles } from './listFiles';
import { loadModelFromDisk } from './modelFiles';
import { runCli } from './run';

const USAGE =
  'usage: npm run segment -- --model <folder|model.json|.h5|.keras> --images <dir> [--masks <dir>] --out <dir> [--threshold 0.5] [--fit|--crop] [--window <centre>,<width>] [--backend wasm|cpu]';

function parseWindow(text: string | undefined): IntensityWindow | null {
  if (text === undefined) return null;
  const [center, width] = text.split(',').map(Number);
  if (!Number.isFinite(center) || !Number.isFinite(width) || width < 1) throw new Error(`--window wants <centre>,<width> with width ≥ 1, not "${text}"`);
  return { center, width };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), {
    options: { model: 'text', images: 'text', masks: 'text', out: 'text', threshold: 'number', window: 'text', backend: ['wasm', 'cpu'] },
    switches: ['fit', 'crop', 'help'],
  });
  const modelPath = args.values.get('model');
  const imagesDir = args.values.get('images');
  const outDir = args.values.get('out');
  if (args.switches.has('help') || !modelPath || !imagesDir || !outDir) {
    console.error(USAGE);
    return args.switches.has('help') ? 0 : 2;
  }
  const threshold = Number(args.values.get('threshold') ?? 'NaN');
  const backendArg = args.values.get('backend') ?? 'wasm';
  if (!isBackendName(backendArg)) throw new Error(`unknown backend "${backendArg}"`);
  const backend = await chooseBackend({ forced: backendArg });
  const model = await loadModelFromDisk(modelPath);
  const t = Number.isNaN(threshold) ? model.metadata.threshold : threshold;
  const mode: GeometryMode = args.switches.has('crop') ? 'crop' : args.switches.has('fit') ? 'fit' : model.metadata.geometry;
  const masksDir = args.values.get('masks');
  const files = [...listFiles(imagesDir, 'images'), ...(masksDir ? listFiles(masksDir, 'masks') : [])];
  const { pairs, unpaired } = pairFiles(files);
  for (const u of unpaired) console.warn(`skipped ${u.file.path}: ${u.reason}`);
  const fixedWindow = parseWindow(args.values.get('window'));
  mkdirSync(outDir, { recursive: true });
  const rows: MetricsRow[] = [];
  const summaries: ImageSummaryRow[] = [];
  let failures = 0;
  let images = 0;
  const now = new Date();
  for (const { image, mask } of pairs) {
    const bytes = new Uint8Array(readFileSync(image.full));
    let frames = 1;
    for (let frame = 0; frame < frames; frame++) {
      let name = fileName(image.path);
      images++;
      try {
        const raster = await decodeImage(bytes, undefined, frame);
        frames = raster.scan?.frames ?? 1;
        if (frames > 1) name = `${name}#${frame + 1}`;
        const region = defaultRegion(mode, raster.width, raster.height);
        const window = fixedWindow ?? defaultWindow(raster);
        const seg = await segmentRaster(model, raster, region, window);
        const probabilities = probabilitiesOnImage(seg);
        const predicted = thresholdToMask(probabilities, seg.box, raster.width, raster.height, t);
        writeFileSync(join(outDir, maskFileName(name)), encodeMaskPng(predicted));
        summaries.push(imageSummaryRow(name, predicted, raster.scan ?? null, window, model.spec.intensity));
        const scan = raster.scan;
        if (scan?.dicom) {
          mkdirSync(join(outDir, 'seg'), { recursive: true });
          writeFileSync(join(outDir, 'seg', maskFileName(name, '.seg.dcm')), dicomSeg({ scan: { ...scan, dicom: scan.dicom }, mask: predicted, modelName: model.metadata.name, threshold: t, now }));
        }
        let line = `${name}: ${raster.width}×${raster.height}, ${seg.inferenceMs.toFixed(0)} ms`;
        if (mask) {
          const truth = maskFromRaster(await decodeImage(new Uint8Array(readFileSync(mask.full)), undefined, frame));
          if (truth.width !== raster.width || truth.height !== raster.height) {
            throw new Error(`mask ${fileName(mask.path)} is ${truth.width}×${truth.height} but the image is ${raster.width}×${raster.height}`);
          }
          const scores = scoresFromConfusion(confusionAt(probabilities, seg.box, truth, t));
          rows.push({ file: name, scores, threshold: t, model: model.metadata.name, backend: backend.name });
          line += `, Dice ${scores.dice.toFixed(4)}`;
          if (truth.reading && truth.reading.kind !== 'binary') line += ` (mask read as ${describeMaskReading(truth.reading)})`;
        }
        console.log(line);
      } catch (e) {
        failures++;
        console.error(`${name}: ${(e as Error).message}`);
      }
    }
  }
  writeFileSync(join(outDir, 'images.csv'), imagesCsv(summaries));
  if (masksDir) writeFileSync(join(outDir, 'metrics.csv'), metricsCsv(rows));
  const mean = meanScores(rows.map((r) => r.scores));
  console.log(
    `${images - failures} of ${images} images segmented on ${backend.name}` +
      (mean ? `; mean Dice ${mean.dice.toFixed(4)} over ${rows.length} pairs (threshold ${t})` : ''),
  );
  model.dispose();
  tf.disposeVariables();
  return failures > 0 ? 1 : 0;
}

runCli(main);
