/**
 * A model of several classes, as a user brings one: load a 3-class softmax model, drop images with
 * label-map masks, see each class in its colour with a legend, hide a class, read per-class Dice
 * that agrees with `npm run segment`, and be told plainly when a mask holds a value no class
 * stands for.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode, encode } from 'fast-png';
import { parseCsv } from './helpers';
import { expect, test } from './test';
import { MULTICLASS_DIR, openWithThreeClassModel } from './multiClassPage';

const dir = MULTICLASS_DIR;
const files = (kind: 'images' | 'masks') =>
  [1, 2, 3].map((i) => ({ name: kind === 'images' ? `scan${i}.png` : `scan${i}_mask.png`, buffer: readFileSync(join(dir, kind, `scan${i}.png`)) }));

/** Per-class Dice and HD95 (px) from `npm run segment`'s metrics.csv (a row per image and class): file → [class 1, class 2]. */
function cliScores(): { dice: Map<string, number[]>; hd95: Map<string, number[]> } {
  const out = mkdtempSync(join(tmpdir(), 'multiclass-'));
  execFileSync('npx', ['tsx', 'src/cli/segment.ts', '--model', join(dir, 'model'), '--images', join(dir, 'images'), '--masks', join(dir, 'masks'), '--out', out], { stdio: 'pipe' });
  const dice = new Map<string, number[]>();
  const hd95 = new Map<string, number[]>();
  for (const row of parseCsv(readFileSync(join(out, 'metrics.csv'), 'utf8'))) {
    if (!/^scan\d\.png$/.test(row.image)) continue;
    const k = row.class === 'organ' ? 0 : 1;
    for (const [map, value] of [[dice, row.dice], [hd95, row.hd95_px]] as const) {
      const pair = map.get(row.image) ?? [];
      pair[k] = Number(value);
      map.set(row.image, pair);
    }
  }
  return { dice, hd95 };
}

test('a 3-class model: class colours and legend, hide a class, per-class Dice equal to npm run segment', async ({ studio, page }) => {
  await openWithThreeClassModel(studio);
  await studio.dropFiles([...files('images'), ...files('masks')]);
  await studio.waitAllSettled(3);

  // The legend names both classes in their colours, with a switch each.
  const legend = studio.byId('viewer.legend');
  await expect(legend).toContainText('organ');
  await expect(legend).toContainText('lesion');

  // Per-class Dice for every image matches the command line within 0.005.
  const { dice: expected, hd95 } = cliScores();
  expect(expected.size).toBe(3);
  for (const [name, [organ, lesion]] of expected) {
    await studio.items().filter({ hasText: name }).first().click();
    await expect(studio.byId('metrics.selected.class-1')).toContainText(name);
    const value = async (k: number) => Number(await studio.byId(`metrics.selected.class-${k}.dice`).getAttribute('data-value'));
    expect(Math.abs((await value(1)) - organ)).toBeLessThan(0.005);
    expect(Math.abs((await value(2)) - lesion)).toBeLessThan(0.005);
    // Each class's HD95 from the measuring worker equals the command line's.
    for (const k of [1, 2]) {
      const row = studio.byId(`metrics.class-boundary.class-${k}`);
      await expect(row).not.toHaveAttribute('data-hd95-px', '');
      expect(Math.abs(Number(await row.getAttribute('data-hd95-px')) - (hd95.get(name)?.[k - 1] ?? NaN))).toBeLessThan(0.005);
    }
  }
  const meanOrgan = [...expected.values()].reduce((s, d) => s + d[0], 0) / 3;
  expect(Math.abs(Number(await studio.byId('metrics.mean.class-1.dice').getAttribute('data-value')) - meanOrgan)).toBeLessThan(0.005);

  // Hiding the lesion clears its pixels from the overlay and keeps the organ's.
  await studio.items().filter({ hasText: 'scan1.png' }).first().click();
  const alphaAt = (x: number, y: number) =>
    page.evaluate(
      ([px, py]) => {
        const canvas = document.querySelector('[data-testid="viewer.overlay"]') as HTMLCanvasElement;
        return canvas.getContext('2d')?.getImageData(px, py, 1, 1).data[3] ?? -1;
      },
      [x, y],
    );
  // scan1: organ disc centred at (30, 33), lesion disc at (62, 40) (fixtures/multiClass.ts).
  await expect.poll(() => alphaAt(62, 40)).toBeGreaterThan(0);
  await studio.byId('viewer.class-2').uncheck();
  await expect.poll(() => alphaAt(62, 40)).toBe(0);
  expect(await alphaAt(30, 33)).toBeGreaterThan(0);
  await studio.byId('viewer.class-2').check();
  await expect.poll(() => alphaAt(62, 40)).toBeGreaterThan(0);
  // Each class has its own opacity: the organ at half, the lesion untouched.
  const lesionAlpha = await alphaAt(62, 40);
  await studio.byId('viewer.class-1.opacity').fill('0.5');
  await expect.poll(() => alphaAt(30, 33)).toBe(128);
  expect(await alphaAt(62, 40)).toBe(lesionAlpha);
});

test('a label mask with a value no class stands for is named, and the image is still segmented', async ({ studio }) => {
  await openWithThreeClassModel(studio);
  const data = new Uint8Array(96 * 72);
  data.fill(7, 0, 200);
  const mask = encode({ width: 96, height: 72, data, channels: 1, depth: 8 });
  await studio.dropFiles([files('images')[0], { name: 'scan1_mask.png', buffer: Buffer.from(mask) }]);
  await studio.waitAllSettled(1);
  await expect(studio.byId('metrics.labels-error')).toContainText('the mask has value 7 (200 px) that no class stands for');
  await expect(studio.byId('metrics.labels-error')).toContainText('1 = organ, 2 = lesion');
  await expect(studio.byId('viewer.overlay')).toBeVisible();
});

test('a binary 0/1 mask given to the 3-class model: read as organ alone, and the page says so', async ({ studio }) => {
  await openWithThreeClassModel(studio);
  const labels = decode(readFileSync(join(dir, 'masks', 'scan1.png')));
  const binary = encode({ width: labels.width, height: labels.height, data: Uint8Array.from(labels.data, (v) => (v > 0 ? 1 : 0)), channels: 1, depth: 8 });
  await studio.dropFiles([files('images')[0], { name: 'scan1_mask.png', buffer: Buffer.from(binary) }]);
  await studio.waitAllSettled(1);
  await expect(studio.byId('metrics.truth-note')).toContainText('the mask holds only value 1 (organ); the model also found lesion, absent from the mask');
  await expect(studio.byId('metrics.labels-error')).toHaveCount(0);
});

test('fine-tune a 3-class model two epochs on label masks: per-class validation Dice, the mean over classes changes, no tensor left behind', async ({ studio }) => {
  test.setTimeout(300_000);
  await openWithThreeClassModel(studio);
  await studio.dropFiles([...files('images'), ...files('masks')]);
  await studio.waitAllSettled(3);
  await expect(studio.byId('training.loss')).toHaveValue('ce+dice');
  await studio.byId('training.epochs').fill('2');
  await studio.byId('training.batchSize').fill('2');
  await studio.byId('training.learningRate').fill('0.01');
  await studio.byId('training.validationPercent').fill('34');
  const before = Number(await studio.byId('metrics.mean.mean.dice').getAttribute('data-value'));
  const tensors = await studio.tensorCount();
  await studio.byId('training.start').click();
  await expect(studio.byId('training.message')).toContainText('Done; the fine-tuned model is saved in this browser', { timeout: 240_000 });
  await expect(studio.byId('training.epoch-chart')).toHaveAttribute('data-points', '4');
  for (const k of [1, 2]) {
    const value = Number(await studio.byId(`training.class-dice.${k}`).getAttribute('data-value'));
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThanOrEqual(1);
  }
  await studio.waitAllSettled(3);
  await expect.poll(async () => Number(await studio.byId('metrics.mean.mean.dice').getAttribute('data-value'))).not.toBe(before);
  await expect(studio.byId('training.before-all')).toHaveText(before.toFixed(4));
  // The fine-tuned model replaced the loaded one: the same network, so the same tensor count.
  await expect.poll(() => studio.tensorCount()).toBe(tensors);
});

test('correct a 3-class mask by hand: paint a chosen class, accept, and it is scored per class and trains', async ({ studio, page }) => {
  await openWithThreeClassModel(studio);
  await studio.dropFiles([files('images')[0]]);
  await studio.waitAllSettled(1);
  await studio.byId('editor.start').click();
  await studio.byId('editor.class').selectOption({ label: 'lesion' });
  await studio.byId('editor.radius').fill('4');
  // A lesion stroke in the dark top-left corner of the 96×72 image, where the model sees background.
  const box = await studio.byId('editor.surface').boundingBox();
  if (!box) throw new Error('no editing surface');
  const at = (x: number, y: number) => ({ x: box.x + (x / 96) * box.width, y: box.y + (y / 72) * box.height });
  await page.mouse.move(at(4, 6).x, at(4, 6).y);
  await page.mouse.down();
  await page.mouse.move(at(14, 6).x, at(14, 6).y, { steps: 5 });
  await page.mouse.up();
  await expect(studio.byId('editor.steps')).toHaveAttribute('data-done', '1');
  await studio.byId('editor.accept').click();
  // The accepted mask holds classes: the organ is the model's own (Dice 1), the lesion gained a
  // stroke the model missed (Dice below 1).
  await expect(studio.byId('metrics.selected.class-1.dice')).toHaveAttribute('data-value', '1');
  const lesion = Number(await studio.byId('metrics.selected.class-2.dice').getAttribute('data-value'));
  expect(lesion).toBeGreaterThan(0);
  expect(lesion).toBeLessThan(1);
  await expect(studio.byId('training.backend')).toContainText('1 pair with a mask (1 corrected here');
});
