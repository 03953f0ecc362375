/**
 * The README's command-line tools, run as a user runs them: convert a Keras model written from a
 * generated U-Net, then segment generated scans with it and read the masks and metrics.csv.
 */
import * as tf from '@tensorflow/tfjs';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { describeRange, numberAbove, numberFrom, parseArgs, parseNumber, parseNumberList, UsageError, wholeFrom } from './args';
import { syntheticPair } from '../../e2e/fixtures/synthetic';
import { decodeImage } from '../image/decode';
import { maskFromRaster } from '../image/mask';
import { dicomSeg } from '../export/dicomSeg';
import { buildUnet } from '../ml/unet';
import { keras2FullH5 } from '../testing/kerasFiles';
import { writeDicom } from '../testing/dicomFiles';

/** Exit code and stderr of a tool given a command line it should refuse. */
const refuse = (script: string, args: string[]) =>
  new Promise<{ code: number | null; stderr: string }>((done) => {
    execFile('npx', ['tsx', script, ...args], { encoding: 'utf8' }, (error, _stdout, stderr) => done({ code: error ? (error.code as number) : 0, stderr }));
  });

const run = (script: string, args: string[]) => execFileSync('npx', ['tsx', `src/cli/${script}.ts`, ...args], { encoding: 'utf8', stdio: 'pipe' });

it('npm run convert then npm run segment', async () => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'unet-cli-'));
  const model = buildUnet({ size: 32, channels: 1, base: 2, depth: 1, seed: 4 });
  writeFileSync(join(dir, 'tiny.h5'), await keras2FullH5(model));
  model.dispose();
  expect(run('convert', [join(dir, 'tiny.h5'), join(dir, 'converted')])).toContain('Keras 2.2.4 .h5, converted to TF.js: 32×32×1 in');
  expect(readdirSync(join(dir, 'converted')).sort()).toEqual(['model.json', 'unet-studio.json', 'weights.bin']);

  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  for (const i of [1, 2]) {
    const pair = syntheticPair(i, 60, 40);
    writeFileSync(join(dir, 'images', `s${i}.png`), pair.image);
    writeFileSync(join(dir, 'masks', `s${i}.png`), pair.mask);
  }
  const out = run('segment', ['--model', join(dir, 'converted'), '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out'), '--threshold', '0.3']);
  expect(out).toContain('2 of 2 images segmented on wasm');
  const csv = readFileSync(join(dir, 'out', 'metrics.csv'), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('file,dice,iou,precision,recall,threshold,model,backend,hd95_px,assd_px,hd95_mm,assd_mm');
  // Plain PNGs carry no pixel spacing: the mm columns stay empty.
  expect(csv.slice(1).map((l) => l.split(',').slice(5, 8).join(','))).toEqual(['0.3,tiny,wasm', '0.3,tiny,wasm', '0.3,tiny,wasm']);
  expect(csv.slice(1, 3).map((l) => l.split(',').slice(10).join(','))).toEqual([',', ',']);
  expect(csv[3].split(',')[0]).toBe('(mean of 2 pairs)');
  // The Keras file itself, converted on the fly, gives the same numbers as the converted model.
  run('segment', ['--model', join(dir, 'tiny.h5'), '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out-h5'), '--threshold', '0.3']);
  expect(readFileSync(join(dir, 'out-h5', 'metrics.csv'), 'utf8')).toBe(readFileSync(join(dir, 'out', 'metrics.csv'), 'utf8'));
  const mask = await decodeImage(new Uint8Array(readFileSync(join(dir, 'out', 's1.png'))));
  expect([mask.width, mask.height]).toEqual([60, 40]);
  expect([...new Set(mask.data)].every((v) => v === 0 || v === 255)).toBe(true);
}, 120_000);

it('npm run convert: a Keras model with a 4-class softmax is converted with its class table written out to be named', async () => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'unet-cli-classes-'));
  const model = buildUnet({ size: 32, channels: 1, base: 2, depth: 1, seed: 5, classes: 4 });
  writeFileSync(join(dir, 'four.h5'), await keras2FullH5(model));
  model.dispose();
  const out = run('convert', [join(dir, 'four.h5'), join(dir, 'converted')]);
  expect(out).toContain('32×32×1 in, 4-class softmax out');
  expect(out).toContain(`3 foreground classes (class 1, class 2, class 3); their names, colours and mask values are in ${join(dir, 'converted', 'unet-studio.json')}`);
  const settingsPath = join(dir, 'converted', 'unet-studio.json');
  const settings = JSON.parse(readFileSync(settingsPath, 'utf8')) as { classes: { name: string; value: number }[]; activation: string };
  expect(settings.activation).toBe('softmax');
  expect(settings.classes.map((c) => [c.name, c.value])).toEqual([['class 1', 1], ['class 2', 2], ['class 3', 3]]);

  // Named there, then converted again from the bare model.json: the names beside it are kept.
  writeFileSync(settingsPath, JSON.stringify({ ...settings, classes: settings.classes.map((c, i) => ({ ...c, name: ['liver', 'kidney', 'spleen'][i] })) }));
  expect(run('convert', [join(dir, 'converted', 'model.json'), join(dir, 'again')])).toContain('3 foreground classes (liver, kidney, spleen)');
}, 60_000);

it('npm run segment: a bad mask costs only its score, named as the mask; the image is still segmented and listed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unet-badmask-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  for (const i of [1, 2]) writeFileSync(join(dir, 'images', `s${i}.png`), syntheticPair(i, 60, 40).image);
  writeFileSync(join(dir, 'masks', 's1.png'), syntheticPair(1, 60, 40).mask);
  writeFileSync(join(dir, 'masks', 's2.png'), new Uint8Array(0));
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      'npx',
      ['tsx', 'src/cli/segment.ts', '--model', 'public/models/unet-hc18-b16', '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out')],
      { encoding: 'utf8' },
      (error, stdout, stderr) => done({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
  expect(result.code).toBe(1);
  expect(result.stderr).toContain(`s2.png: mask ${join(dir, 'masks', 's2.png')} is unreadable (the file is empty); not scored`);
  expect(result.stdout).toContain('2 of 2 images segmented on wasm; mean Dice');
  expect(result.stdout).toContain('1 mask not scored');
  expect(readFileSync(join(dir, 'out', 'images.csv'), 'utf8').trim().split('\n')).toHaveLength(3);
  expect(readdirSync(join(dir, 'out')).sort()).toEqual(['images.csv', 'metrics.csv', 's1.png', 's2.png']);
}, 120_000);

it('npm run train writes a model, its settings and a card that npm run segment loads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unet-train-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  for (const i of [1, 2, 3, 4]) {
    const pair = syntheticPair(i, 48, 32);
    writeFileSync(join(dir, 'images', `t${i}.png`), pair.image);
    writeFileSync(join(dir, 'masks', `t${i}.png`), pair.mask);
  }
  const out = run('train', ['--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'model'), '--size', '32', '--base', '2', '--depth', '1', '--epochs', '2', '--batch', '2', '--validation', '25']);
  // Default backend: WebGPU through Dawn (SwiftShader here), with our training kernels.
  expect(out).toContain('backend: webgpu');
  expect(out).toContain('4 pairs: 3 to train, 1 to validate');
  expect(out).toMatch(/epoch 2\/2: loss \d\.\d{4}, validation Dice \d\.\d{4}/);
  expect(readdirSync(join(dir, 'model')).sort()).toEqual(['MODEL_CARD.md', 'model.json', 'unet-studio.json', 'weights.bin']);
  expect(readFileSync(join(dir, 'model', 'MODEL_CARD.md'), 'utf8')).toContain('4 pairs from');
  expect(run('segment', ['--model', join(dir, 'model'), '--images', join(dir, 'images'), '--out', join(dir, 'seg')])).toContain('4 of 4 images segmented');
}, 120_000);

it('npm run train reads label-map masks as classes and writes a softmax model with its class table and per-class figures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'unet-train3-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  const [w, h] = [40, 32];
  for (const i of [1, 2, 3]) {
    // A disc of class 2 and a bar of class 1, brighter by class.
    const labels = new Uint8Array(w * h).map((_, k) => {
      const [x, y] = [k % w, Math.floor(k / w)];
      return (x - 24 - i) ** 2 + (y - 16) ** 2 <= 49 ? 2 : x >= 3 + i && x < 8 + i && y > 4 && y < 28 ? 1 : 0;
    });
    writeFileSync(join(dir, 'images', `m${i}.png`), encode({ width: w, height: h, data: labels.map((v) => 40 + v * 90), depth: 8, channels: 1 }));
    writeFileSync(join(dir, 'masks', `m${i}.png`), encode({ width: w, height: h, data: labels, depth: 8, channels: 1 }));
  }
  const out = run('train', ['--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'model'), '--size', '32', '--base', '2', '--depth', '1', '--epochs', '1', '--batch', '2', '--validation', '34', '--backend', 'cpu', '--class-names', 'bar,disc']);
  expect(out).toContain('classes: 3 (background, 1 = bar, 2 = disc)');
  expect(out).toMatch(/epoch 1\/1: loss \d\.\d{4}, validation Dice \d\.\d{4} \[bar \d\.\d{4}, disc \d\.\d{4}\]/);
  const settings = JSON.parse(readFileSync(join(dir, 'model', 'unet-studio.json'), 'utf8'));
  expect(settings.activation).toBe('softmax');
  expect(settings.classes.map((c: { name: string; value: number }) => [c.name, c.value])).toEqual([['bar', 1], ['disc', 2]]);
  const card = readFileSync(join(dir, 'model', 'MODEL_CARD.md'), 'utf8');
  expect(card).toContain('3-channel softmax output (background, bar, disc)');
  expect(card).toMatch(/- bar: Dice \d\.\d{4}, HD95/);
  expect(card).toMatch(/- Held out: m\d\.png\./);
  // A mask value the class table lacks is refused, naming it.
  writeFileSync(join(dir, 'masks', 'm1.png'), encode({ width: w, height: h, data: new Uint8Array(w * h).fill(3), depth: 8, channels: 1 }));
  expect(() => run('train', ['--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'model2'), '--size', '32', '--classes', '3', '--backend', 'cpu'])).toThrow(/value 3 \(1280 px\)/);
}, 120_000);

it('npm run segment reads a multi-frame DICOM with a DICOM mask and writes per-frame masks, images.csv and SEGs', async () => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'unet-dicom-'));
  const model = buildUnet({ size: 32, channels: 1, base: 2, depth: 1, seed: 4 });
  writeFileSync(join(dir, 'tiny.h5'), await keras2FullH5(model));
  model.dispose();
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  const [a, b] = [1, 2].map((i) => syntheticPair(i, 60, 40));
  const [ia, ib, ma, mb] = await Promise.all([a.image, b.image, a.mask, b.mask].map((png) => decodeImage(png)));
  const frames = (x: typeof ia, y: typeof ia, scale: number, bits: 8 | 16) => {
    const out = bits === 16 ? new Uint16Array(60 * 40 * 2) : new Uint8Array(60 * 40 * 2);
    x.data.forEach((v, k) => (out[k] = v * scale));
    y.data.forEach((v, k) => (out[60 * 40 + k] = v * scale));
    return out.buffer;
  };
  writeFileSync(join(dir, 'images', 'cine'), writeDicom({ rows: 40, columns: 60, frames: 2, pixelData: frames(ia, ib, 257, 16), extra: { PixelSpacing: ['0.5', '0.5'] } }));
  writeFileSync(join(dir, 'masks', 'cine.dcm'), writeDicom({ rows: 40, columns: 60, frames: 2, bitsAllocated: 8, pixelData: frames(ma, mb, 1, 8) }));
  const out = run('segment', ['--model', join(dir, 'tiny.h5'), '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out'), '--threshold', '0.3']);
  expect(out).toContain('2 of 2 images segmented');
  expect(readdirSync(join(dir, 'out')).sort()).toEqual(['cine#1.png', 'cine#2.png', 'images.csv', 'metrics.csv', 'seg']);
  expect(readdirSync(join(dir, 'out', 'seg')).sort()).toEqual(['cine#1.seg.dcm', 'cine#2.seg.dcm']);
  const rows = readFileSync(join(dir, 'out', 'images.csv'), 'utf8').trim().split('\n');
  expect(rows[0]).toBe('file,width,height,foreground_px,area_mm2,window_center,window_width,model_input');
  const [file, , , px, mm2] = rows[1].split(',');
  expect(file).toBe('cine#1');
  expect(Number(mm2)).toBeCloseTo(Number(px) * 0.25, 6);
  expect(readFileSync(join(dir, 'out', 'metrics.csv'), 'utf8').split('\n').filter((l) => l.startsWith('cine#'))).toHaveLength(2);
}, 120_000);

it('npm run segment skips a DICOM SEG given as an image, saying to give it as --masks, and warns when a DICOM is not the modality the model was trained on', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unet-seg-modality-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  // Large enough for the bundled 256² model to see it under 4× (no region hint among the lines counted below).
  const [w, h] = [80, 64];
  const pair = syntheticPair(1, w, h);
  const [grey, truth] = await Promise.all([decodeImage(pair.image), decodeImage(pair.mask)]);
  const scan = (modality: string) => writeDicom({ rows: h, columns: w, bitsAllocated: 8, pixelData: Uint8Array.from(grey.data).buffer, extra: { Modality: modality } });
  const source = await decodeImage(scan('US'));
  const seg = dicomSeg({ scan: source.scan as Parameters<typeof dicomSeg>[0]['scan'], mask: maskFromRaster(truth), modelName: 'reader', threshold: 0.5, now: new Date(2026, 0, 1) });
  writeFileSync(join(dir, 'images', 'ct.dcm'), scan('CT'));
  writeFileSync(join(dir, 'images', 'us.dcm'), scan('US'));
  writeFileSync(join(dir, 'images', 'reading.dcm'), seg);
  const segment = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
      execFile('npx', ['tsx', 'src/cli/segment.ts', '--model', 'public/models/unet-hc18-b16', ...args], { encoding: 'utf8' }, (error, stdout, stderr) =>
        done({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
    });
  const first = await segment(['--images', join(dir, 'images'), '--out', join(dir, 'out')]);
  expect(first.code).toBe(0);
  const warnings = first.stderr.trim().split('\n');
  expect(warnings).toContain(`skipped ${join(dir, 'images', 'reading.dcm')}: this file is a DICOM SEG (a segmentation, not an image); give it as --masks`);
  // The bundled model's card says ultrasound: the CT is named, the ultrasound is not.
  expect(warnings).toContain('ct.dcm: This file is CT; the model was trained on ultrasound (US) images: its output may not mean anything here.');
  expect(warnings.filter((l) => l.startsWith('us.dcm'))).toEqual([]);
  expect(warnings).toHaveLength(2);
  expect(first.stdout).toContain('2 of 2 images segmented');
  expect(readdirSync(join(dir, 'out')).sort()).toEqual(['ct.png', 'images.csv', 'seg', 'us.png']);

  // Given as --masks, named as its image, the same SEG is the ultrasound's ground truth and is scored.
  rmSync(join(dir, 'images', 'reading.dcm'));
  writeFileSync(join(dir, 'masks', 'us.dcm'), seg);
  const second = await segment(['--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out2')]);
  expect(second.code).toBe(0);
  expect(second.stdout).toMatch(/us\.dcm: 80×64, \d+ ms, Dice \d\.\d{4}/);
}, 120_000);

it('npm run train refuses a DICOM SEG among its images, naming the file and where it goes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unet-train-seg-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  const pair = syntheticPair(1, 48, 32);
  const truth = maskFromRaster(await decodeImage(pair.mask));
  const source = await decodeImage(writeDicom({ rows: 32, columns: 48, bitsAllocated: 8, pixelData: new Uint8Array(48 * 32).buffer }));
  const seg = dicomSeg({ scan: source.scan as Parameters<typeof dicomSeg>[0]['scan'], mask: truth, modelName: 'reader', threshold: 0.5, now: new Date(2026, 0, 1) });
  writeFileSync(join(dir, 'images', 't1.dcm'), seg);
  writeFileSync(join(dir, 'masks', 't1.png'), pair.mask);
  const result = await new Promise<{ code: number; stderr: string }>((done) => {
    execFile(
      'npx',
      ['tsx', 'src/cli/train.ts', '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'model'), '--size', '32', '--base', '2', '--depth', '1', '--epochs', '1', '--backend', 'cpu'],
      { encoding: 'utf8' },
      (error, _stdout, stderr) => done({ code: error ? (error.code as number) : 0, stderr }),
    );
  });
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toBe(`error: ${join(dir, 'images', 't1.dcm')}: this file is a DICOM SEG (a segmentation, not an image); put it in the --masks folder`);
}, 120_000);

it('npm run train on WASM says so when --threads asks for more threads than Node gives it, and trains', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unet-train-threads-'));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  for (const i of [1, 2]) {
    const pair = syntheticPair(i, 48, 32);
    writeFileSync(join(dir, 'images', `t${i}.png`), pair.image);
    writeFileSync(join(dir, 'masks', `t${i}.png`), pair.mask);
  }
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      'npx',
      ['tsx', 'src/cli/train.ts', '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'model'), '--size', '32', '--base', '2', '--depth', '1', '--epochs', '1', '--validation', '0', '--backend', 'wasm', '--threads', '2'],
      { encoding: 'utf8' },
      (error, stdout, stderr) => done({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('backend: wasm (1 thread)');
  expect(result.stderr).toContain("note: --threads 2: WASM runs on 1 thread here (TF.js's WASM build for Node is single-threaded); npm run train:browser trains on every core");
  expect(result.stdout).toMatch(/epoch 1\/1: loss \d\.\d{4}/);
}, 120_000);

describe('command lines', () => {
  const spec = { options: { loss: ['bce+dice', 'dice'], epochs: wholeFrom(1), out: 'text' }, switches: ['help'] } as const;

  it('parses what a tool declares', () => {
    const args = parseArgs(['--loss', 'dice', '--epochs=3', '--out', '-x', '--help'], spec);
    expect([...args.values]).toEqual([
      ['loss', 'dice'],
      ['epochs', '3'],
      ['out', '-x'],
    ]);
    expect([...args.switches]).toEqual(['help']);
    expect(parseArgs(['a', 'b'], { options: {}, switches: [], positional: true }).positional).toEqual(['a', 'b']);
    // A value may hold '=' itself: only the first one separates it from the name.
    expect(parseArgs(['--out=/tmp/run=1/x'], spec).values.get('out')).toBe('/tmp/run=1/x');
  });

  it('refuses an unknown option or value in one line naming it and what is accepted', () => {
    expect(() => parseArgs(['--los', 'dice'], spec)).toThrow('unknown option --los; options: --loss, --epochs, --out, --help');
    expect(() => parseArgs(['--loss', 'focal'], spec)).toThrow('--loss "focal" is not accepted; use bce+dice or dice');
    expect(() => parseArgs(['--epochs', 'ten'], spec)).toThrow('--epochs wants a whole number of at least 1, not "ten"');
    expect(() => parseArgs(['--epochs'], spec)).toThrow('--epochs needs a value');
    expect(() => parseArgs(['--help=yes'], spec)).toThrow('--help takes no value');
    expect(() => parseArgs(['stray'], spec)).toThrow('unexpected argument "stray"');
  });

  it('gives each numeric option as a number checked against its range', () => {
    const ranged = { options: { threshold: numberFrom(0, 1), epochs: wholeFrom(1, 500), lr: numberAbove(0, 0.1) }, switches: [] } as const;
    const args = parseArgs(['--threshold', '0', '--epochs=500', '--lr', '1e-3'], ranged);
    expect([...args.numbers]).toEqual([
      ['threshold', 0],
      ['epochs', 500],
      ['lr', 0.001],
    ]);
    expect(parseArgs(['--threshold', '1'], ranged).numbers.get('threshold')).toBe(1);
    expect(parseArgs(['--threshold', '.25'], ranged).numbers.get('threshold')).toBe(0.25);
  });

  it('refuses a number outside its range, or not a number, in one line naming the value and the range', () => {
    const ranged = { options: { threshold: numberFrom(0, 1), epochs: wholeFrom(1, 500), lr: numberAbove(0, 0.1) }, switches: [] } as const;
    const refusal = (argv: string[]) => {
      try {
        parseArgs(argv, ranged);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    // A negative value is the option's value (refused by its range), not taken for another option.
    expect(refusal(['--threshold', '-0.1'])).toBe('--threshold wants a number from 0 to 1, not "-0.1"');
    expect(refusal(['--threshold', '2'])).toBe('--threshold wants a number from 0 to 1, not "2"');
    expect(refusal(['--threshold', 'abc'])).toBe('--threshold wants a number from 0 to 1, not "abc"');
    expect(refusal(['--threshold=NaN'])).toBe('--threshold wants a number from 0 to 1, not "NaN"');
    // Number() would read these as 16 and 0; nobody means them as a threshold.
    expect(refusal(['--threshold', '0x10'])).toBe('--threshold wants a number from 0 to 1, not "0x10"');
    expect(refusal(['--threshold', ' '])).toBe('--threshold wants a number from 0 to 1, not " "');
    expect(refusal(['--epochs', '2.5'])).toBe('--epochs wants a whole number from 1 to 500, not "2.5"');
    expect(refusal(['--epochs', '0'])).toBe('--epochs wants a whole number from 1 to 500, not "0"');
    expect(refusal(['--lr', '0'])).toBe('--lr wants a number above 0 and at most 0.1, not "0"');
    expect(refusal(['--lr', 'Infinity'])).toBe('--lr wants a number above 0 and at most 0.1, not "Infinity"');
  });

  it('describes each kind of range in words, with what the number counts', () => {
    expect(describeRange(numberFrom(0, 1))).toBe('a number from 0 to 1');
    expect(describeRange(numberFrom(0, 90, '(per cent of the pairs held out)'))).toBe('a number from 0 to 90 (per cent of the pairs held out)');
    expect(describeRange(wholeFrom(1))).toBe('a whole number of at least 1');
    expect(describeRange(numberAbove(0))).toBe('a number above 0');
    expect(describeRange(numberAbove(0, 1))).toBe('a number above 0 and at most 1');
    expect(describeRange(numberFrom(-Infinity, 5))).toBe('a number of at most 5');
    expect(describeRange(numberFrom(-Infinity, Infinity))).toBe('a number');
  });

  it('reads a list of numbers, naming the entry out of range', () => {
    expect(parseNumberList('class-weights', '1,2.5,0', numberFrom(0, Infinity))).toEqual([1, 2.5, 0]);
    expect(() => parseNumberList('class-weights', '1,a', numberFrom(0, Infinity))).toThrow('--class-weights wants each entry a number of at least 0, not "a" (in "1,a")');
    expect(() => parseNumberList('class-weights', '1,-2', numberFrom(0, Infinity))).toThrow('--class-weights wants each entry a number of at least 0, not "-2" (in "1,-2")');
    expect(parseNumber('runs', '3', wholeFrom(1))).toBe(3);
  });

  it('every tool refuses a number outside its range in one line, exit 2, before loading a model or reading a file', async () => {
    // The model and folders do not exist: a tool that looked at them first would fail on them instead (exit 1).
    const segment = ['--model', '/nonexistent/model', '--images', '/nonexistent/images', '--out', '/nonexistent/out'];
    const train = ['--images', '/nonexistent/images', '--masks', '/nonexistent/masks', '--out', '/nonexistent/out', '--backend', 'cpu'];
    const cases: [string, string[], string][] = [
      ['src/cli/segment.ts', [...segment, '--threshold', '-0.1'], 'error: --threshold wants a number from 0 to 1, not "-0.1"'],
      ['src/cli/segment.ts', [...segment, '--threshold', '2'], 'error: --threshold wants a number from 0 to 1, not "2"'],
      ['src/cli/segment.ts', [...segment, '--threshold', 'abc'], 'error: --threshold wants a number from 0 to 1, not "abc"'],
      ['src/cli/segment.ts', [...segment, '--window', '40'], 'error: --window wants <centre>,<width>: two numbers, the width at least 1, not "40"'],
      ['src/cli/segment.ts', [...segment, '--window', '40,0'], 'error: --window wants <centre>,<width>: two numbers, the width at least 1, not "40,0"'],
      ['src/cli/train.ts', [...train, '--epochs', '2.5'], 'error: --epochs wants a whole number from 1 to 500, not "2.5"'],
      ['src/cli/train.ts', [...train, '--batch', '0'], 'error: --batch wants a whole number from 1 to 64, not "0"'],
      ['src/cli/train.ts', [...train, '--lr', '-0.001'], 'error: --lr wants a number from 0.000001 to 0.1, not "-0.001"'],
      ['src/cli/train.ts', [...train, '--validation', '120'], 'error: --validation wants a number from 0 to 90 (per cent of the pairs held out), not "120"'],
      ['src/cli/train.ts', [...train, '--classes', '1'], 'error: --classes wants a whole number from 2 to 255 (background included), not "1"'],
      ['src/cli/train.ts', [...train, '--max-minutes', '0'], 'error: --max-minutes wants a number above 0, not "0"'],
      ['src/cli/train.ts', [...train, '--size', '100'], 'error: --size 100 cannot go through --depth 4: it must be a multiple of 16'],
      ['src/cli/train.ts', [...train, '--class-weights', '1,x'], 'error: --class-weights wants each entry a number of at least 0, not "x" (in "1,x")'],
      ['src/cli/train.ts', [...train, '--class-weights', '0,0'], 'error: --class-weights "0,0" weighs every class 0; at least one must be above 0'],
      ['src/bench/node.ts', ['--runs', '0'], 'error: --runs wants a whole number from 1 to 1000, not "0"'],
      ['scripts/bench.ts', ['--runs', '-3'], 'error: --runs wants a whole number from 1 to 1000, not "-3"'],
      ['scripts/profile.ts', ['--threads', '0'], 'error: --threads wants a whole number from 1 to 256, not "0"'],
      ['scripts/profile.ts', ['--runs', '1e300'], 'error: --runs wants a whole number from 1 to 1000, not "1e300"'],
      ['scripts/train-in-browser.ts', ['--images', '/nonexistent', '--masks', '/nonexistent', '--lr', '2'], 'error: --lr wants a number from 0.000001 to 0.1, not "2"'],
    ];
    // Two at a time: each is a Node process loading TF.js.
    const results: { code: number | null; stderr: string }[] = [];
    for (let k = 0; k < cases.length; k += 2) results.push(...(await Promise.all(cases.slice(k, k + 2).map(([script, args]) => refuse(script, args)))));
    results.forEach(({ code, stderr }, k) => {
      expect(stderr.trim(), cases[k].join(' ')).toBe(cases[k][2]);
      expect(code, cases[k].join(' ')).toBe(2);
    });
  }, 300_000);

  it('every tool refuses a typo instead of running with a default', async () => {
    const cases: [string, string[], string][] = [
      ['src/cli/train.ts', ['--loss', 'focal'], 'error: --loss "focal" is not accepted; use bce+dice, dice or ce+dice'],
      ['src/cli/train.ts', ['--epoch', '3'], 'error: unknown option --epoch; options: --images,'],
      ['src/cli/segment.ts', ['--backend', 'webgl'], 'error: --backend "webgl" is not accepted; use wasm or cpu'],
      ['src/cli/segment.ts', ['--treshold', '0.3'], 'error: unknown option --treshold; options: --model,'],
      ['src/cli/convert.ts', ['--out', 'x', 'a.h5'], 'error: unknown option --out; options: --help'],
      ['src/bench/node.ts', ['--runs', 'five'], 'error: --runs wants a whole number from 1 to 1000, not "five"'],
      ['scripts/bench.ts', ['--bogus'], 'error: unknown option --bogus; options: --backends,'],
    ];
    const results = await Promise.all(cases.map(([script, args]) => refuse(script, args)));
    results.forEach(({ code, stderr }, k) => {
      expect(code, cases[k].join(' ')).toBe(2);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(cases[k][2]);
    });
  }, 120_000);
});

it('npm run segment names a missing images folder or pixel sizes file before loading the model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unet-seg-missing-'));
  mkdirSync(join(dir, 'images'));
  const segment = (args: string[]) =>
    new Promise<{ code: number; stderr: string }>((done) => {
      // The model path does not exist either: what is checked first is what the line must name.
      execFile('npx', ['tsx', 'src/cli/segment.ts', '--model', join(dir, 'no-model'), '--out', join(dir, 'out'), ...args], { encoding: 'utf8' }, (error, _stdout, stderr) =>
        done({ code: error ? (error.code as number) : 0, stderr }),
      );
    });
  const [folder, sizes] = await Promise.all([segment(['--images', join(dir, 'no-images')]), segment(['--images', join(dir, 'images'), '--pixel-sizes', join(dir, 'sizes.csv')])]);
  expect(folder.code).toBe(1);
  expect(folder.stderr).toContain(`the images folder ${join(dir, 'no-images')} does not exist`);
  expect(folder.stderr).not.toContain('no-model');
  expect(sizes.code).toBe(1);
  expect(sizes.stderr).toContain(`the pixel sizes file ${join(dir, 'sizes.csv')} does not exist`);
  expect(sizes.stderr).not.toContain('no-model');
}, 60_000);
