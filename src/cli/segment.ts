/**
 * `npm run segment -- --model <folder, model.json, .h5 or .keras> --images <dir> [--masks <dir>] --out <dir>
 *  [--threshold 0.5] [--fit|--crop] [--window <centre>,<width>] [--backend wasm|cpu] [--pixel-sizes <csv>] [--measure ellipse|none]`
 *
 * The app's pipeline without a browser: the same decoders (DICOM, TIFF, PNG, JPEG, BMP; each
 * frame of a multi-frame file as `<file>#<n>`), windows, geometry, model wrapper and metrics, so
 * both give the same numbers for the same inputs. Writes `<out>/<image name>.png` (0/255 at the
 * original size, 0 outside the region the model saw), `<out>/images.csv` (areas, input mapping),
 * `<out>/seg/<name>.seg.dcm` for DICOM inputs and, with masks, `<out>/metrics.csv`.
 *
 * For a model whose metadata says `"measure": "ellipse"` (or with `--measure ellipse`), the
 * ellipse fitted to each predicted region gives HC, BPD and OFD (metrics/biometry.ts) in
 * images.csv, in mm when the pixel size is known: from the file (DICOM Pixel Spacing) or from
 * `--pixel-sizes`, a CSV in HC18's layout (`filename,pixel size(mm),head circumference (mm)`).
 * With a reference HC in that CSV the absolute differences and their mean are reported, for the
 * prediction and, with masks, for the ground truth measured the same way.
 *
 * A model of several classes (model/classes.ts) writes `<out>/<image name>.png` as 8-bit class
 * indices (0 = background), `<out>/preview/<image name>.png` with each class in its colour over
 * the image, each class's area in images.csv, one DICOM SEG segment per class, and, with masks
 * (label images whose values the class table names; metrics/multiClass.ts), `metrics.csv` with a
 * row per image and class (metrics/classCsv.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { decodeImage } from '../image/decode';
import { defaultRegion, type GeometryMode } from '../image/geometry';
import { modalityHint, regionHint } from '../image/domainHints';
import { type BinaryMask, maskFromRaster, thresholdToMask } from '../image/mask';
import { describeMaskReading } from '../image/maskReading';
import { notAnImage, tooSmallToSegment } from '../image/raster';
import { encodeMaskPng } from '../image/pngEncode';
import { defaultWindow, type IntensityWindow } from '../image/window';
import { dicomSeg } from '../export/dicomSeg';
import { imagesCsv, imageSummaryRow, type ImageSummaryRow } from '../export/imageSummary';
import { labelsOnImage, probabilitiesOnImage } from '../image/segmentation';
import { foregroundMask, type LabelMap, LabelMapError, labelMapFromRaster } from '../image/labelMap';
import { encodeLabelPng, encodeLabelPreviewPng } from '../image/labelPng';
import { rasterToRgba } from '../image/overlay';
import { classMetricsCsv, type ClassMetricsRow } from '../metrics/classCsv';
import { binaryMaskHint, classScores, classSurfaceDistances, confusionMatrix, meanClassScores, meanScoresPerClass } from '../metrics/multiClass';
import { pairFiles } from '../files/pairing';
import { chooseBackend } from '../ml/backends';
import { isBackendName } from '../model/backendNames';
import { segmentRaster } from '../ml/segmentRaster';
import { angleOfProgression, AOP_CLASSES } from '../metrics/angleOfProgression';
import { confusionAt } from '../metrics/confusion';
import { exportStems, metricsCsv, type MetricsRow } from '../metrics/csv';
import { meanScores, scoresFromConfusion } from '../metrics/scores';
import { surfaceDistances } from '../metrics/surfaceDistance';
import { numberFrom, parseArgs, parseNumber, UsageError } from './args';
import { listFiles } from './listFiles';
import { loadModelFromDisk } from './modelFiles';
import { runCli } from './run';
import { parsePixelSizeCsv, type PixelSizeTable } from '../files/pixelSizeCsv';
import { type BiometrySummary, biometrySummary, choosePixelSize, hcDifference, meanHcDifference } from '../metrics/biometry';

const USAGE =
  'usage: npm run segment -- --model <folder|model.json|.h5|.keras> --images <dir> [--masks <dir>] --out <dir> [--threshold 0.5] [--fit|--crop] [--window <centre>,<width>] [--backend wasm|cpu] [--pixel-sizes <csv>] [--measure ellipse|none]';

/** `--window <centre>,<width>`: a command line error (exit 2, before the model loads) unless two numbers, width ≥ 1. */
function parseWindow(text: string | undefined): IntensityWindow | null {
  if (text === undefined) return null;
  const refusal = new UsageError(`--window wants <centre>,<width>: two numbers, the width at least 1, not "${text}"`);
  const parts = text.split(',');
  if (parts.length !== 2) throw refusal;
  try {
    return { center: parseNumber('window', parts[0], numberFrom(-Infinity, Infinity)), width: parseNumber('window', parts[1], numberFrom(1, Infinity)) };
  } catch {
    throw refusal;
  }
}

/** `HC 180.12 mm (reference 180.89, off by 0.77)`, or in px without a pixel size, or why there is none. */
function describeHc(b: BiometrySummary): string {
  const p = b.predicted;
  if (!p) return 'no ellipse (no region to fit)';
  let text = `HC ${p.hc.toFixed(2)} ${p.unit}`;
  if (p.unit === 'px') text += ' (no pixel size)';
  const diff = hcDifference(p, b.referenceHc);
  if (diff !== null) text += ` (reference ${b.referenceHc}, off by ${diff.toFixed(2)})`;
  return text;
}

/** Writes `relative` under `outDir`, making its folders (a name may carry its folder: siteA/scan.png). */
function writeOut(outDir: string, relative: string, bytes: Uint8Array): void {
  const path = join(outDir, relative);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2), {
    options: {
      model: 'text',
      images: 'text',
      masks: 'text',
      out: 'text',
      threshold: numberFrom(0, 1),
      window: 'text',
      backend: ['wasm', 'cpu'],
      'pixel-sizes': 'text',
      measure: ['ellipse', 'none'],
    },
    switches: ['fit', 'crop', 'help'],
  });
  const modelPath = args.values.get('model');
  const imagesDir = args.values.get('images');
  const outDir = args.values.get('out');
  if (args.switches.has('help') || !modelPath || !imagesDir || !outDir) {
    console.error(USAGE);
    return args.switches.has('help') ? 0 : 2;
  }
  // Checked with the command line, before the model loads: an option of the wrong range costs nothing.
  const threshold = args.numbers.get('threshold') ?? null;
  const fixedWindow = parseWindow(args.values.get('window'));
  const backendArg = args.values.get('backend') ?? 'wasm';
  if (!isBackendName(backendArg)) throw new Error(`unknown backend "${backendArg}"`);
  // The folders and files too: a mistyped path is said at once, not after the model has loaded.
  const masksDir = args.values.get('masks');
  const files = [...listFiles(imagesDir, 'images'), ...(masksDir ? listFiles(masksDir, 'masks') : [])];
  const pixelSizesPath = args.values.get('pixel-sizes');
  let pixelSizes: PixelSizeTable | null = null;
  if (pixelSizesPath) {
    if (!existsSync(pixelSizesPath)) throw new Error(`the pixel sizes file ${pixelSizesPath} does not exist`);
    pixelSizes = parsePixelSizeCsv(readFileSync(pixelSizesPath, 'utf8'));
    for (const s of pixelSizes.skipped) console.warn(`${pixelSizesPath}: ${s}`);
  }
  const backend = await chooseBackend({ forced: backendArg });
  const model = await loadModelFromDisk(modelPath);
  const t = threshold ?? model.metadata.threshold;
  // A softmax over several classes gives each pixel its most probable class: no threshold applies
  // (a 2-channel softmax is binary and is thresholded), and a
  // --threshold that changes nothing must say so rather than look applied.
  if (threshold !== null && model.activation === 'softmax' && model.classes.length > 1) console.warn(`note: --threshold ${threshold} is not used: ${model.metadata.name} is a softmax model, each pixel takes its most probable class`);
  const mode: GeometryMode = args.switches.has('crop') ? 'crop' : args.switches.has('fit') ? 'fit' : model.metadata.geometry;
  const { pairs, unpaired } = pairFiles(files);
  for (const u of unpaired) console.warn(`skipped ${u.file.full}: ${u.reason}`);
  const measureArg = args.values.get('measure');
  const measure = measureArg ? measureArg === 'ellipse' : model.metadata.measure === 'ellipse';
  const hcDiffs: (number | null)[] = [];
  const truthHcDiffs: (number | null)[] = [];
  mkdirSync(outDir, { recursive: true });
  const rows: MetricsRow[] = [];
  const classRows: ClassMetricsRow[] = [];
  const aopDiffs: number[] = [];
  const classes = model.classes;
  const several = classes.length > 1;
  const summaries: ImageSummaryRow[] = [];
  let failures = 0;
  let maskFailures = 0;
  let images = 0;
  const now = new Date();
  // Output names that never collide (scan.png and scan.jpg in one folder keep their extension).
  const stems = exportStems(pairs.map((p) => p.label));
  for (const { image, mask, label } of pairs) {
    const bytes = new Uint8Array(readFileSync(image.full));
    let frames = 1;
    for (let frame = 0; frame < frames; frame++) {
      // Same-named images from different folders keep their folder in the name (and mask file).
      let name = label;
      images++;
      try {
        const raster = await decodeImage(bytes, undefined, frame);
        const notImage = notAnImage(raster.scan);
        if (notImage) {
          // Skipped like a file pairing leaves out, not counted as an image that failed.
          console.warn(`skipped ${image.full}: ${notImage}; give it as --masks`);
          images--;
          break;
        }
        const tooSmall = tooSmallToSegment(raster.width, raster.height);
        if (tooSmall) throw new Error(tooSmall);
        frames = raster.scan?.frames ?? 1;
        if (frames > 1) name = `${name}#${frame + 1}`;
        const stem = `${stems.get(label) ?? label}${frames > 1 ? `#${frame + 1}` : ''}`;
        const region = defaultRegion(mode, raster.width, raster.height);
        const regionNote = regionHint(region, raster.width, raster.height, model.spec.size);
        if (regionNote) console.warn(`${name}: ${regionNote}`);
        const modalityNote = modalityHint(raster.scan?.dicom?.modality, model.metadata.modality);
        if (modalityNote) console.warn(`${name}: ${modalityNote}`);
        const window = fixedWindow ?? defaultWindow(raster);
        const seg = await segmentRaster(model, raster, region, window);
        const probabilities = probabilitiesOnImage(seg);
        // Several classes: the label map (argmax, or the most probable sigmoid above t), its union as the foreground.
        const labels = several ? labelsOnImage(seg, t, raster.width, raster.height) : null;
        const predicted = labels ? foregroundMask(labels) : thresholdToMask(probabilities, seg.box, raster.width, raster.height, t);
        if (labels) {
          writeOut(outDir, `${stem}.png`, encodeLabelPng(labels));
          writeOut(outDir, `preview/${stem}.png`, encodeLabelPreviewPng(labels, classes, { rgba: rasterToRgba(raster, window), opacity: 0.5 }));
        } else {
          writeOut(outDir, `${stem}.png`, encodeMaskPng(predicted));
        }
        const listed = pixelSizes?.lookup(name) ?? null;
        const pixelSize = choosePixelSize(raster.scan?.pixelSpacing, listed && { spacing: listed.spacing, source: 'csv' as const });
        // A bad mask costs only its score, as in the app: the image is segmented and exported.
        let truth: BinaryMask | null = null;
        let truthLabels: LabelMap | null = null;
        let maskProblem: string | null = null;
        if (mask) {
          try {
            const maskRaster = await decodeImage(new Uint8Array(readFileSync(mask.full)), undefined, frame);
            if (several) {
              truthLabels = labelMapFromRaster(maskRaster, classes);
              truth = foregroundMask(truthLabels);
            } else {
              truth = maskFromRaster(maskRaster);
            }
            if (truth.width !== raster.width || truth.height !== raster.height) {
              maskProblem = `mask ${mask.full} is ${truth.width}×${truth.height} but the image is ${raster.width}×${raster.height}; not scored`;
              truth = null;
              truthLabels = null;
            }
          } catch (e) {
            // A value no class stands for is the mask's content, not a broken file: say which.
            maskProblem = e instanceof LabelMapError ? `mask ${mask.full} not scored: ${e.message}` : `mask ${mask.full} is unreadable (${(e as Error).message}); not scored`;
          }
          if (maskProblem) maskFailures++;
        }
        let biometry: BiometrySummary | undefined;
        if (measure) {
          biometry = biometrySummary(predicted, { box: seg.box, truth, pixelSize, referenceHc: listed?.referenceHc ?? null });
          hcDiffs.push(hcDifference(biometry.predicted, biometry.referenceHc));
          truthHcDiffs.push(hcDifference(biometry.truth, biometry.referenceHc));
        }
        let aop: { predicted: number | null; truth: number | null } | undefined;
        if (labels && model.metadata.measure === 'angle-of-progression') {
          aop = {
            predicted: angleOfProgression(labels, AOP_CLASSES.symphysis, AOP_CLASSES.head, pixelSize?.spacing ?? null)?.degrees ?? null,
            truth: truthLabels ? (angleOfProgression(truthLabels, AOP_CLASSES.symphysis, AOP_CLASSES.head, pixelSize?.spacing ?? null)?.degrees ?? null) : null,
          };
          if (aop.predicted !== null && aop.truth !== null) aopDiffs.push(Math.abs(aop.predicted - aop.truth));
        }
        summaries.push(
          imageSummaryRow(name, predicted, raster.scan ?? null, window, model.spec.intensity, {
            pixelSize,
            biometry,
            ...(labels ? { labels: { map: labels, classes } } : {}),
            ...(aop ? { aop } : {}),
          }),
        );
        const scan = raster.scan;
        if (scan?.dicom) {
          const source = { scan: { ...scan, dicom: scan.dicom }, modelName: model.metadata.name, now };
          writeOut(outDir, `seg/${stem}.seg.dcm`, dicomSeg(labels ? { ...source, labels, classes } : { ...source, mask: predicted, threshold: t }));
        }
        let line = `${name}: ${raster.width}×${raster.height}, ${seg.inferenceMs.toFixed(0)} ms`;
        let hint: string | null = null;
        if (labels && truthLabels) {
          const spacing = pixelSize ? { y: pixelSize.spacing[0], x: pixelSize.spacing[1] } : null;
          const matrix = confusionMatrix(truthLabels, labels, classes.length + 1);
          const scores = classScores(matrix);
          classRows.push({ image: name, scores, surface: classSurfaceDistances(truthLabels, labels, classes.length + 1, spacing) });
          const mean = meanClassScores(scores);
          line += mean ? `, mean Dice ${mean.dice.toFixed(4)} over ${scores.filter((c) => c.scores).length} classes` : ', no class in the mask or the prediction';
          const note = binaryMaskHint(matrix, classes);
          if (note) hint = `mask ${mask?.full ?? ''}: ${note}`;
        } else if (truth) {
          const scores = scoresFromConfusion(confusionAt(probabilities, seg.box, truth, t));
          const spacing = pixelSize ? { y: pixelSize.spacing[0], x: pixelSize.spacing[1] } : null;
          const surface = { px: surfaceDistances(predicted, truth), mm: spacing ? surfaceDistances(predicted, truth, spacing) : null };
          rows.push({ file: name, scores, threshold: t, model: model.metadata.name, backend: backend.name, surface });
          line += `, Dice ${scores.dice.toFixed(4)}`;
          if (surface.px) line += `, HD95 ${surface.px.hd95.toFixed(1)} px${surface.mm ? ` (${surface.mm.hd95.toFixed(2)} mm)` : ''}`;
          if (truth.reading && truth.reading.kind !== 'binary') line += ` (mask read as ${describeMaskReading(truth.reading)})`;
        }
        if (biometry) line += `, ${describeHc(biometry)}`;
        console.log(line);
        if (maskProblem) console.error(`${name}: ${maskProblem}`);
        if (hint) console.warn(`${name}: ${hint}`);
      } catch (e) {
        failures++;
        console.error(`${name}: ${(e as Error).message}`);
      }
    }
  }
  writeFileSync(join(outDir, 'images.csv'), imagesCsv(summaries));
  if (masksDir) {
    const csv = several ? classMetricsCsv(classRows, classes, { model: model.metadata.name, backend: backend.name, threshold: t }) : metricsCsv(rows);
    writeFileSync(join(outDir, 'metrics.csv'), csv);
  }
  // Several classes: metrics.csv's last row, the mean over the classes of each class's mean over images.
  const mean = several ? meanScores(meanScoresPerClass(classRows.map((r) => r.scores)).flatMap((m) => m ?? [])) : meanScores(rows.map((r) => r.scores));
  const scored = several ? classRows.length : rows.length;
  console.log(
    `${images - failures} of ${images} images segmented on ${backend.name}` +
      (mean ? `; mean Dice ${mean.dice.toFixed(4)} over ${scored} pair${scored === 1 ? '' : 's'} (${several ? 'foreground classes' : `threshold ${t}`})` : '') +
      (maskFailures ? `; ${maskFailures} mask${maskFailures === 1 ? '' : 's'} not scored (see above)` : ''),
  );
  if (aopDiffs.length > 0) {
    const mean = aopDiffs.reduce((a, b) => a + b, 0) / aopDiffs.length;
    console.log(`mean |AoP − AoP of the ground truth| ${mean.toFixed(2)}° over ${aopDiffs.length} images (worst ${Math.max(...aopDiffs).toFixed(1)}°)`);
  }
  const hc = meanHcDifference(hcDiffs);
  if (hc) {
    const truthHc = meanHcDifference(truthHcDiffs);
    console.log(
      `mean |HC − reference| ${hc.mean.toFixed(2)} mm over ${hc.count} images` +
        (truthHc ? ` (ground-truth masks measured the same way: ${truthHc.mean.toFixed(2)} mm over ${truthHc.count})` : ''),
    );
  }
  model.dispose();
  tf.disposeVariables();
  // Nothing segmented (every file skipped) is not a success for a batch script.
  if (images === 0) console.error('no image was segmented: see the skipped files above');
  return failures + maskFailures > 0 || images === 0 ? 1 : 0;
}

runCli(main);
