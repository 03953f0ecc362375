/**
 * The correct → retrain loop as a clinician runs it, on a tiny U-Net on WASM: scans without any
 * mask file (the review queue's order is e2e/queue.spec.ts's: this random model is unsure of every
 * pixel alike), each mask corrected by hand (trace the outline with the brush, fill it, accept), then a round of
 * fine-tuning on the corrections. The held-out corrected pair's Dice must rise, every image is
 * segmented again, and no tensor leaks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { FIXTURES_DIR, SYNTHETIC_COUNT } from './fixtures/makeFixtures';
import { type StudioPage } from './studioPage';
import { expect, test } from './test';

const TINY = '?model=../../../fixtures/tiny/model.json';
const names = Array.from({ length: SYNTHETIC_COUNT }, (_, k) => `scan${k + 1}.png`);

/** Points on the outline of a fixture's true mask, found by walking out from its centre along 32 rays. */
function outline(name: string): { width: number; height: number; points: Array<[number, number]> } {
  const png = decode(readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', name)));
  const { width, height } = png;
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x < width && y < height && png.data[Math.floor(y) * width + Math.floor(x)] > 127;
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (inside(x, y)) {
        sx += x + 0.5;
        sy += y + 0.5;
        n++;
      }
  const [cx, cy] = [sx / n, sy / n];
  const points: Array<[number, number]> = [];
  for (let k = 0; k <= 32; k++) {
    const angle = (2 * Math.PI * k) / 32;
    let r = 0;
    while (inside(cx + (r + 1) * Math.cos(angle), cy + (r + 1) * Math.sin(angle))) r++;
    // Trace just inside the boundary; the brush (radius 2) covers the rest.
    points.push([cx + (r - 1) * Math.cos(angle), cy + (r - 1) * Math.sin(angle)]);
  }
  return { width, height, points };
}

/** Traces `points` (image pixels) with the mouse in one stroke over the editing surface. */
async function trace(studio: StudioPage, width: number, height: number, points: Array<[number, number]>) {
  const box = await studio.byId('editor.surface').boundingBox();
  if (!box) throw new Error('no editing surface');
  const at = ([x, y]: [number, number]) => ({ x: box.x + (x / width) * box.width, y: box.y + (y / height) * box.height });
  const first = at(points[0]);
  await studio.page.mouse.move(first.x, first.y);
  await studio.page.mouse.down();
  for (const p of points.slice(1)) {
    const q = at(p);
    await studio.page.mouse.move(q.x, q.y, { steps: 2 });
  }
  await studio.page.mouse.up();
}

test('correct four scans by hand, fine-tune on the corrections: the held-out corrected scan improves, images re-segment, no leak', async ({ studio }) => {
  test.setTimeout(300_000);
  await studio.open(TINY);
  expect(await studio.waitReady()).toBe('wasm');
  await studio.dropFiles(names.map((name) => ({ name, buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', name)) })));
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  await expect(studio.byId('training.start')).toBeDisabled();

  // Correct every scan: start from the model's mask, clear it, trace the outline, fill, accept.
  for (const name of names) {
    await studio.item(name).locator('.item-select').click();
    await studio.byId('editor.start').click();
    await studio.byId('editor.clear').click();
    await studio.byId('editor.radius').fill('2');
    const { width, height, points } = outline(name);
    await trace(studio, width, height, points);
    await studio.byId('editor.fill-holes').click();
    await studio.byId('editor.accept').click();
    await expect(studio.item(name).getByTestId('image-list.corrected')).toBeVisible();
  }
  const rows = studio.byId('image-list.item');
  await studio.byId('image-list.filter').selectOption('corrected');
  await expect(rows).toHaveCount(SYNTHETIC_COUNT);
  await studio.byId('image-list.filter').selectOption('not-reviewed');
  await expect(rows).toHaveCount(0);
  await studio.byId('image-list.filter').selectOption('all');
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  const tensors = await studio.tensorCount();

  await expect(studio.byId('training.backend')).toContainText('4 pairs with a mask (4 corrected here, 0 from files): 3 to train on, 1 held out');
  await studio.byId('training.epochs').fill('20');
  await studio.byId('training.batchSize').fill('2');
  await studio.byId('training.learningRate').fill('0.01');
  await studio.byId('training.validationPercent').fill('25');
  // Few pairs and steps: plain pairs teach a tiny model faster than augmented ones.
  await studio.byId('training.augment').uncheck();
  await studio.byId('training.start').click();
  await expect(studio.byId('training.message')).toContainText('Done; the fine-tuned model is saved in this browser', { timeout: 240_000 });
  const round = studio.byId('training.round');
  await expect(round).toHaveCount(1);
  const before = Number(await round.getAttribute('data-before'));
  const after = Number(await round.getAttribute('data-after'));
  test.info().annotations.push({ type: 'held-out corrected Dice', description: `${before.toFixed(3)} → ${after.toFixed(3)}` });
  expect(after).toBeGreaterThan(before + 0.05);
  // Every image was segmented again with the new weights, and the model card says what happened.
  await studio.waitAllSettled(SYNTHETIC_COUNT);
  await expect(studio.byId('status.tensors')).toHaveText(String(tensors));
  await expect(studio.byId('training.backend')).toContainText('(the same as the last round)');
});
