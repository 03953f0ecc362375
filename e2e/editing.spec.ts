/**
 * Correcting a mask by hand: start from the model's prediction, paint a stroke with the mouse,
 * undo and redo it (buttons and keys), accept; the image then has a corrected ground truth and a
 * Dice against it. Another fills with the polygon, bucket and lasso tools, each an undo step. One
 * paints on a 4000×3000 image and records how long the main thread is busy while painting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encode } from 'fast-png';
import { type StudioPage } from './studioPage';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { expect, test } from './test';

/** Image pixel (x, y) → page coordinates over the editing surface. */
async function pagePoint(studio: StudioPage, width: number, height: number, x: number, y: number) {
  const box = await studio.byId('editor.surface').boundingBox();
  if (!box) throw new Error('no editing surface');
  return { x: box.x + (x / width) * box.width, y: box.y + (y / height) * box.height };
}

/** A mouse stroke from one image pixel to another in `steps` moves. */
async function stroke(studio: StudioPage, size: { width: number; height: number }, from: [number, number], to: [number, number], steps: number) {
  const a = await pagePoint(studio, size.width, size.height, ...from);
  const b = await pagePoint(studio, size.width, size.height, ...to);
  await studio.page.mouse.move(a.x, a.y);
  await studio.page.mouse.down();
  await studio.page.mouse.move(b.x, b.y, { steps });
  await studio.page.mouse.up();
}

const painted = (studio: StudioPage) => studio.paintedFraction('editor.mask');

test('paint a stroke, undo, redo, accept: the image has a corrected mask and a Dice against it', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([{ name: 'scan1.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan1.png')) }]);
  await studio.waitAllSettled(1);
  await expect(studio.byId('metrics.selected.dice')).toHaveCount(0);

  await studio.byId('editor.start').click();
  await expect(studio.byId('editor.toolbar')).toBeVisible();
  const start = await painted(studio);
  expect(start).toBeGreaterThan(0);
  await studio.byId('editor.radius').fill('12');
  const size = { width: 400, height: 270 };

  // Top-left corner, away from the model's (central) prediction: every painted pixel is new.
  await stroke(studio, size, [20, 20], [120, 30], 8);
  await expect(studio.byId('editor.steps')).toHaveAttribute('data-done', '1');
  const afterStroke = await painted(studio);
  // A 100 px stroke of radius 12 covers roughly 100·25 + π·12² ≈ 2950 pixels.
  expect((afterStroke - start) * size.width * size.height).toBeGreaterThan(2500);
  await expect(studio.byId('editor.cursor')).toBeVisible();

  await studio.byId('editor.undo').click();
  expect(await painted(studio)).toBe(start);
  await page.keyboard.press('Control+Shift+Z');
  await expect(studio.byId('editor.steps')).toHaveAttribute('data-done', '1');
  expect(await painted(studio)).toBe(afterStroke);
  await page.keyboard.press('Control+Z');
  await expect(studio.byId('editor.steps')).toHaveAttribute('data-undone', '1');
  expect(await painted(studio)).toBe(start);
  await page.keyboard.press('Control+Y');
  await expect(studio.byId('editor.steps')).toHaveAttribute('data-done', '1');
  expect(await painted(studio)).toBe(afterStroke);

  // By keyboard: the brush starts at the image centre and moves by its radius (12 px); 9 up and 8 left
  // reach (104, 27), on the stroke. E picks the eraser, Space erases a dab there, Ctrl+Z takes it back.
  await studio.byId('editor.surface').focus();
  for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowUp');
  for (let i = 0; i < 8; i++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('e');
  await expect(studio.byId('editor.eraser')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(studio.byId('editor.steps')).toHaveAttribute('data-done', '2');
  expect(await painted(studio)).toBeLessThan(afterStroke);
  await page.keyboard.press('Control+Z');
  await expect(studio.byId('editor.steps')).toHaveAttribute('data-done', '1');
  expect(await painted(studio)).toBe(afterStroke);
  await page.keyboard.press('b');

  await studio.byId('editor.accept').click();
  await expect(studio.byId('editor.toolbar')).toHaveCount(0);
  await expect(studio.item('scan1.png').getByTestId('image-list.corrected')).toBeVisible();
  await expect(studio.item('scan1.png').getByTestId('image-list.corrected')).toHaveAttribute('title', /model's mask had Dice 0\.\d{3}/);
  // The model missed the painted corner: Dice below 1 but well above 0 against the corrected mask.
  await expect(studio.byId('metrics.selected.dice')).toBeVisible();
  const dice = await studio.selectedDice();
  expect(dice).toBeGreaterThan(0.3);
  expect(dice).toBeLessThan(1);
  // Editing again starts from the corrected ground truth.
  await studio.byId('editor.start-truth').click();
  expect(await painted(studio)).toBe(afterStroke);
  await studio.byId('editor.cancel').click();
});

test('polygon, bucket and lasso: each fills as one undo step, adding or cutting', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([{ name: 'scan1.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan1.png')) }]);
  await studio.waitAllSettled(1);
  await studio.byId('editor.start').click();
  const size = { width: 400, height: 270 };
  const pixels = async () => Math.round((await painted(studio)) * size.width * size.height);
  const at = (x: number, y: number) => pagePoint(studio, size.width, size.height, x, y);
  /** One mouse drag through image points, `steps` moves between each. */
  const drag = async (points: ReadonlyArray<readonly [number, number]>, steps: number) => {
    const first = await at(...points[0]);
    await page.mouse.move(first.x, first.y);
    await page.mouse.down();
    for (const c of points.slice(1)) {
      const q = await at(...c);
      await page.mouse.move(q.x, q.y, { steps });
    }
    await page.mouse.up();
  };
  const steps = studio.byId('editor.steps');
  // From an empty mask, so every count below is the tool's alone.
  await studio.byId('editor.clear').click();
  expect(await pixels()).toBe(0);

  // Polygon (P): three clicks and a double-click on the fourth corner close a 60×40 rectangle.
  await page.keyboard.press('p');
  await expect(studio.byId('editor.polygon')).toHaveAttribute('aria-pressed', 'true');
  await expect(studio.byId('editor.polygon')).toHaveAttribute('title', /\(P\)$/);
  for (const [x, y] of [[20, 20], [80, 20], [80, 60]] as const) {
    const q = await at(x, y);
    await page.mouse.click(q.x, q.y);
  }
  await expect(studio.byId('editor.surface')).toHaveAttribute('data-outline', '3');
  const last = await at(20, 60);
  await page.mouse.dblclick(last.x, last.y);
  await expect(steps).toHaveAttribute('data-done', '2');
  await expect(studio.byId('editor.surface')).toHaveAttribute('data-outline', '0');
  const polygon = await pixels();
  // 60 × 40 = 2400 pixel centres inside; a click lands within half a screen pixel of its corner.
  expect(Math.abs(polygon - 2400)).toBeLessThan(60);
  await page.keyboard.press('Control+Z');
  expect(await pixels()).toBe(0);
  await page.keyboard.press('Control+Y');
  expect(await pixels()).toBe(polygon);

  // Esc drops an unfinished polygon; nothing is filled.
  const a = await at(200, 200);
  await page.mouse.click(a.x, a.y);
  await page.keyboard.press('Escape');
  await expect(studio.byId('editor.surface')).toHaveAttribute('data-outline', '0');
  await expect(steps).toHaveAttribute('data-done', '2');

  // Bucket (G) fills a closed outline drawn with the brush: one stroke around a 100×70 box, then a click inside.
  await page.keyboard.press('b');
  await studio.byId('editor.radius').fill('2');
  const corners = [[150, 30], [250, 30], [250, 100], [150, 100], [150, 30]] as const;
  await drag(corners, 6);
  await expect(steps).toHaveAttribute('data-done', '3');
  const outlined = await pixels();
  await page.keyboard.press('g');
  await expect(studio.byId('editor.bucket')).toHaveAttribute('aria-pressed', 'true');
  const inside = await at(200, 65);
  await page.mouse.click(inside.x, inside.y);
  await expect(steps).toHaveAttribute('data-done', '4');
  const filled = await pixels();
  // The inside of the outline (about 96 × 66) and nothing outside it (which would be the other 100 000 pixels).
  expect(filled - outlined).toBeGreaterThan(6000);
  expect(filled - outlined).toBeLessThan(7000);
  await studio.byId('editor.undo').click();
  expect(await pixels()).toBe(outlined);
  await studio.byId('editor.redo').click();
  expect(await pixels()).toBe(filled);

  // Lasso (L): a drag around a right triangle with legs of 80 adds about 3200 pixels.
  await page.keyboard.press('l');
  const path = [[300, 150], [380, 150], [300, 230], [300, 150]] as const;
  await drag(path, 10);
  await expect(steps).toHaveAttribute('data-done', '5');
  const lassoed = await pixels();
  expect(Math.abs(lassoed - filled - 3200)).toBeLessThan(120);
  await page.keyboard.press('Control+Z');
  expect(await pixels()).toBe(filled);
  await page.keyboard.press('Control+Shift+Z');
  expect(await pixels()).toBe(lassoed);

  // X cuts instead: a 20×20 polygon inside the first rectangle, closed with Enter, removes 400 pixels.
  await page.keyboard.press('p');
  await page.keyboard.press('x');
  await expect(studio.byId('editor.mode')).toHaveAttribute('data-mode', 'cut');
  for (const [x, y] of [[30, 30], [50, 30], [50, 50], [30, 50]] as const) {
    const q = await at(x, y);
    await page.mouse.click(q.x, q.y);
  }
  await page.keyboard.press('Enter');
  await expect(steps).toHaveAttribute('data-done', '6');
  expect(Math.abs(lassoed - (await pixels()) - 400)).toBeLessThan(30);
  await page.keyboard.press('Control+Z');
  expect(await pixels()).toBe(lassoed);
  await studio.byId('editor.cancel').click();
});

test('painting on a 4000×3000 image repaints only what the stroke touched (main-thread figures reported)', async ({ studio, page }) => {
  const width = 4000;
  const height = 3000;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = ((x - 2000) ** 2 + (y - 1500) ** 2 < 900 ** 2 ? 200 : 40) + ((x * 7 + y * 13) % 16);
  await page.addInitScript(() => {
    const w = window as unknown as { longTasks: number[]; events: { name: string; duration: number }[] };
    w.longTasks = [];
    w.events = [];
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => list.getEntries().forEach((e) => w.events.push({ name: e.name, duration: e.duration }))).observe({ type: 'event', durationThreshold: 16 } as PerformanceObserverInit);
  });
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([{ name: 'large.png', buffer: Buffer.from(encode({ width, height, data, channels: 1, depth: 8 })) }]);
  await studio.waitAllSettled(1);
  await studio.byId('editor.start').click();
  await expect(studio.byId('editor.toolbar')).toBeVisible();
  await studio.byId('editor.radius').fill('40');
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; events: unknown[] };
    w.longTasks = [];
    w.events = [];
  });
  const redrawn = async () => Number((await studio.byId('editor.mask').getAttribute('data-redrawn')) ?? 0);
  const redrawnBefore = await redrawn();
  await stroke(studio, { width, height }, [300, 300], [3600, 2700], 60);
  await expect(studio.byId('editor.steps')).toHaveAttribute('data-done', '1');
  const strokeRedrawn = (await redrawn()) - redrawnBefore;
  await page.waitForTimeout(300);
  const { longTasks, events } = await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; events: { name: string; duration: number }[] };
    return { longTasks: w.longTasks, events: w.events };
  });
  const pointer = events.filter((e) => e.name.startsWith('pointer') || e.name.startsWith('mouse'));
  const longest = Math.max(0, ...longTasks);
  console.log(`painting 4000×3000, radius 40, 60 moves: longest main-thread task ${longest.toFixed(0)} ms (${longTasks.length} over 50 ms); slowest pointer event to next paint ${Math.max(0, ...pointer.map((e) => e.duration)).toFixed(0)} ms`);

  // Zooming in from the fit (15 %) past 400 % with the wheel and painting there: reported, not asserted (the figures follow the machine's load).
  const since = async () =>
    page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      const tasks = w.longTasks;
      w.longTasks = [];
      return tasks;
    });
  await since();
  const centre = await pagePoint(studio, width, height, 2000, 1500);
  await page.mouse.move(centre.x, centre.y);
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -100);
  await expect(studio.byId('viewer.zoom')).toHaveText(/^\d{3} %$/);
  await page.waitForTimeout(300);
  const zooming = await since();
  const zoomed = await studio.byId('viewer.zoom').textContent();
  // The eraser, over the first stroke (the brush would change nothing there and leave no step).
  await page.keyboard.press('e');
  await stroke(studio, { width, height }, [1960, 1480], [2040, 1520], 30);
  await expect(studio.byId('editor.steps')).toHaveAttribute('data-done', '2');
  await page.waitForTimeout(300);
  const zoomedStroke = await since();
  console.log(
    `4000×3000: 10 wheel notches to ${zoomed}: longest task ${Math.max(0, ...zooming).toFixed(0)} ms (${zooming.length} over 50 ms); ` +
      `a 30-move stroke at that zoom: longest task ${Math.max(0, ...zoomedStroke).toFixed(0)} ms (${zoomedStroke.length} over 50 ms)`,
  );
  test.info().annotations.push({ type: 'painting 4000×3000', description: `longest main-thread task ${longest.toFixed(0)} ms; ${strokeRedrawn} pixels repainted for the stroke` });
  // The cause of a slow stroke is repainting more than it touched: a full redraw per move would be
  // 60 × 12 M pixels. The 60 moves of radius 40 along the diagonal touch boxes of ~20 k pixels each.
  // Asserted on pixels, not milliseconds, which follow the machine's load (0 ms idle, up to 0.5 s on a busy 2-core machine).
  expect(strokeRedrawn).toBeGreaterThan(0);
  expect(strokeRedrawn).toBeLessThan(0.25 * width * height);
});

test('an accepted correction is back after a reload when the same scan is dropped again', async ({ studio, page }) => {
  const scan = { name: 'scan2.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan2.png')) };
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([scan]);
  await studio.waitAllSettled(1);
  await studio.byId('editor.start').click();
  await studio.byId('editor.radius').fill('15');
  await stroke(studio, { width: 400, height: 270 }, [30, 30], [90, 40], 5);
  const afterStroke = await painted(studio);
  await studio.byId('editor.accept').click();
  await expect(studio.item('scan2.png').getByTestId('image-list.corrected')).toBeVisible();
  const dice = await studio.selectedDice();
  // The privacy panel counts what is kept: the write to IndexedDB has completed once it says 1.
  await studio.byId('privacy').locator('summary').click();
  await expect(studio.byId('privacy.stored')).toHaveAttribute('data-corrections', '1');

  await page.reload();
  await studio.waitReady();
  await studio.dropFiles([{ ...scan, name: 'renamed.png' }]);
  await studio.waitAllSettled(1);
  await expect(studio.item('renamed.png').getByTestId('image-list.corrected')).toBeVisible();
  expect(await studio.selectedDice()).toBe(dice);
  await studio.byId('editor.start-truth').click();
  expect(await painted(studio)).toBe(afterStroke);
  await studio.byId('editor.cancel').click();

  // An unfinished correction survives a reload too: paint, pause, reload, drop the scan again.
  await studio.byId('editor.start-truth').click();
  await stroke(studio, { width: 400, height: 270 }, [300, 200], [360, 220], 5);
  const unfinished = await painted(studio);
  // The draft is written once the user pauses: wait until IndexedDB holds it.
  const storedKeys = () =>
    page.evaluate(async () => {
      const open = indexedDB.open('unet-studio-corrections');
      const db: IDBDatabase = await new Promise((resolve) => (open.onsuccess = () => resolve(open.result)));
      const keys: IDBValidKey[] = await new Promise((resolve) => {
        const request = db.transaction('corrections').objectStore('corrections').getAllKeys();
        request.onsuccess = () => resolve(request.result);
      });
      db.close();
      return keys.map(String);
    });
  await expect.poll(async () => (await storedKeys()).filter((k) => k.endsWith(':draft')).length).toBe(1);
  await page.reload();
  await studio.waitReady();
  await studio.waitReady();
  await studio.dropFiles([scan]);
  await studio.waitAllSettled(1);
  await expect(studio.byId('editor.draft-restored')).toBeVisible();
  expect(await painted(studio)).toBe(unfinished);
  await studio.byId('editor.cancel').click();

  // "Delete everything" deletes the corrections too: after a reload the scan has no mask.
  await studio.byId('privacy').locator('summary').click();
  await studio.byId('privacy.clear').click();
  await expect(studio.byId('privacy.stored')).toHaveAttribute('data-corrections', '0');
  await page.reload();
  await studio.waitReady();
  await studio.dropFiles([scan]);
  await studio.waitAllSettled(1);
  await expect(studio.item('scan2.png').getByTestId('image-list.corrected')).toHaveCount(0);
});
