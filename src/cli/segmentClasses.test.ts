/**
 * `npm run segment` with a model of several classes, run as a user runs it: a 1×1 softmax that
 * tells three grey levels apart, scored against palette label PNGs.
 */
import * as tf from '@tensorflow/tfjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import { expect, it } from 'vitest';
import { CLASS_METRICS_COLUMNS } from '../metrics/classCsv';
import { toLayersFiles } from '../ml/model-io/layersFiles';

const size = 32;

/** A folder with model/: a 1×1 softmax over three grey levels, named "grey levels", classes dark and "bright, very". */
async function greyLevelModel(): Promise<string> {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'unet-classes-'));
  // Logits (0, 10x − 3, 20x − 12): x = 0 → background, 0.5 → class 1, 1 → class 2.
  const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [size, size, 1], filters: 3, kernelSize: 1, activation: 'softmax' })] });
  model.setWeights([tf.tensor4d([0, 10, 20], [1, 1, 1, 3]), tf.tensor1d([0, -3, -12])]);
  const files = await toLayersFiles(model);
  model.dispose();
  mkdirSync(join(dir, 'model'));
  writeFileSync(join(dir, 'model', 'model.json'), files.modelJson);
  writeFileSync(join(dir, 'model', 'weights.bin'), files.weights);
  writeFileSync(join(dir, 'model', 'unet-studio.json'), JSON.stringify({ name: 'grey levels', classes: ['dark', 'bright, very'] }));
  for (const sub of ['images', 'masks']) mkdirSync(join(dir, sub));
  return dir;
}

it('npm run segment writes label PNGs, previews, class areas and a metrics.csv row per image and class', async () => {
  const dir = await greyLevelModel();
  for (const i of [1, 2]) {
    // Vertical bands: background, class 1, class 2 (image 2 has no class 2).
    const labels = Uint8Array.from({ length: size * size }, (_, p) => Math.min(i === 1 ? 2 : 1, Math.floor(((p % size) * 3) / size)));
    const grey = labels.map((k) => [0, 128, 255][k]);
    writeFileSync(join(dir, 'images', `s${i}.png`), encode({ width: size, height: size, data: grey, depth: 8, channels: 1 }));
    const palette: [number, number, number][] = [[0, 0, 0], [200, 0, 0], [0, 200, 0]];
    writeFileSync(join(dir, 'masks', `s${i}.png`), encode({ width: size, height: size, data: labels, depth: 8, channels: 1, palette }));
  }
  const out = execFileSync('npx', ['tsx', 'src/cli/segment.ts', '--model', join(dir, 'model'), '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out')], {
    encoding: 'utf8',
    stdio: 'pipe',
  });
  expect(out).toContain('2 of 2 images segmented on wasm; mean Dice');

  const csv = readFileSync(join(dir, 'out', 'metrics.csv'), 'utf8').trim().split('\n');
  expect(csv[0]).toBe(CLASS_METRICS_COLUMNS.join(','));
  expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
    's1.png,dark',
    's1.png,"bright',
    's2.png,dark',
    's2.png,"bright',
    '(mean of 2 pairs),dark',
    '(mean of 1 pair),"bright',
    '(mean of 2 pairs),(mean of foreground classes)',
  ]);
  // The bands are told apart: every class Dice of image 1 is high.
  for (const line of csv.slice(1, 3)) expect(Number(line.split(',').at(-10))).toBeGreaterThan(0.8);

  const label = decode(readFileSync(join(dir, 'out', 's1.png')));
  expect([label.channels, label.depth]).toEqual([1, 8]);
  expect([...new Set(label.data)].sort()).toEqual([0, 1, 2]);
  expect(decode(readFileSync(join(dir, 'out', 'preview', 's1.png'))).channels).toBe(3);
  const images = readFileSync(join(dir, 'out', 'images.csv'), 'utf8').split('\n');
  expect(images[0]).toContain(',dark_px,dark_mm2,"bright, very_px","bright, very_mm2"');
}, 120_000);

it('npm run segment says what it does not use: a threshold for a softmax model, a binary mask read as class 1 alone', async () => {
  const dir = await greyLevelModel();
  // Bands background, dark, bright; the mask marks dark and bright alike as 1, as a binary 0/1 mask does.
  const labels = Uint8Array.from({ length: size * size }, (_, p) => Math.floor(((p % size) * 3) / size));
  writeFileSync(join(dir, 'images', 's1.png'), encode({ width: size, height: size, data: labels.map((k) => [0, 128, 255][k]), depth: 8, channels: 1 }));
  writeFileSync(join(dir, 'masks', 's1.png'), encode({ width: size, height: size, data: labels.map((k) => (k > 0 ? 1 : 0)), depth: 8, channels: 1 }));
  const run = spawnSync('npx', ['tsx', 'src/cli/segment.ts', '--model', join(dir, 'model'), '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, 'out'), '--threshold', '0.3'], { encoding: 'utf8' });
  expect(run.status).toBe(0);
  expect(run.stderr).toContain('note: --threshold 0.3 is not used: grey levels is a softmax model, each pixel takes its most probable class');
  expect(run.stderr).toContain(`s1.png: mask ${join(dir, 'masks', 's1.png')}: the mask holds only value 1 (dark); the model also found bright, very, absent from the mask`);
  expect(run.stdout).toContain('mean Dice');
  expect(run.stdout).toContain('over 1 pair (foreground classes)');

  // A folder that is not there is named, not reported as Node's ENOENT.
  const missing = spawnSync('npx', ['tsx', 'src/cli/segment.ts', '--model', join(dir, 'model'), '--images', join(dir, 'nope'), '--out', join(dir, 'out2')], { encoding: 'utf8' });
  expect(missing.status).toBe(1);
  expect(missing.stderr.trim().split('\n').at(-1)).toBe(`error: the images folder ${join(dir, 'nope')} does not exist`);
}, 120_000);

it('npm run segment applies --threshold to a 2-channel softmax (a binary model) without calling it unused', async () => {
  await tf.setBackend('cpu');
  const dir = mkdtempSync(join(tmpdir(), 'unet-softmax2-'));
  // Logits (0, 10x − 5): p(foreground) = σ(10x − 5), 0.5 at x = 0.5.
  const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [size, size, 1], filters: 2, kernelSize: 1, activation: 'softmax' })] });
  model.setWeights([tf.tensor4d([0, 10], [1, 1, 1, 2]), tf.tensor1d([0, -5])]);
  const files = await toLayersFiles(model);
  model.dispose();
  for (const sub of ['model', 'images', 'masks']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'model', 'model.json'), files.modelJson);
  writeFileSync(join(dir, 'model', 'weights.bin'), files.weights);
  // A ramp from 0 to 1 across the image; the mask marks the right half.
  const ramp = Uint8Array.from({ length: size * size }, (_, p) => Math.round(((p % size) / (size - 1)) * 255));
  writeFileSync(join(dir, 'images', 's1.png'), encode({ width: size, height: size, data: ramp, depth: 8, channels: 1 }));
  writeFileSync(join(dir, 'masks', 's1.png'), encode({ width: size, height: size, data: ramp.map((v) => (v >= 128 ? 255 : 0)), depth: 8, channels: 1 }));
  const dice = (t: string) => {
    const run = spawnSync('npx', ['tsx', 'src/cli/segment.ts', '--model', join(dir, 'model'), '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', join(dir, `out${t}`), '--threshold', t], { encoding: 'utf8' });
    expect(run.stderr).not.toContain('is not used');
    return Number(/Dice (\d\.\d+)/.exec(run.stdout)?.[1]);
  };
  expect(dice('0.9')).toBeLessThan(dice('0.5'));
}, 120_000);
