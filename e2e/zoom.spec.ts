/**
 * Looking closely: zoom (wheel about the pointer, keys, buttons) and pan (middle-button drag,
 * Alt-drag, arrow keys) move the image, its overlay, the crop frame and the editing cursor as
 * one. Checked on the screen itself: the screenshot pixel at the screen position of a known
 * overlay pixel shows the overlay blended over that image pixel, at 100 % and at 4× after
 * panning, and a pixel well outside the overlay shows plain grey.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { type StudioPage } from './studioPage';
import { expect, test } from './test';

const SHOTS = '/tmp/shots';

interface Transform {
  scale: number;
  x: number;
  y: number;
  left: number;
  top: number;
}

/** The stage's view transform and where the stage is on the page. */
async function transform(studio: StudioPage): Promise<Transform> {
  const stage = studio.byId('viewer.stage');
  const box = await stage.boundingBox();
  if (!box) throw new Error('no stage');
  const read = async (name: string) => Number(await stage.getAttribute(`data-${name}`));
  return { scale: await read('scale'), x: await read('x'), y: await read('y'), left: box.x, top: box.y };
}

/** Page position of the centre of image pixel (x, y). */
const onScreen = (t: Transform, x: number, y: number) => ({ x: t.left + t.x + (x + 0.5) * t.scale, y: t.top + t.y + (y + 0.5) * t.scale });

/** The colour the screen shows at a page position (one screenshot pixel). */
async function screenPixel(studio: StudioPage, at: { x: number; y: number }): Promise<number[]> {
  const png = decode(await studio.page.screenshot({ clip: { x: Math.floor(at.x), y: Math.floor(at.y), width: 1, height: 1 } }));
  return Array.from(png.data.slice(0, 3));
}

/** An overlay pixel deep inside the overlay, one far outside it, and the colours they should show on screen. */
async function probes(studio: StudioPage) {
  return studio.page.evaluate(() => {
    const overlay = document.querySelector<HTMLCanvasElement>('[data-testid="viewer.overlay"]');
    const base = document.querySelector<HTMLCanvasElement>('[data-testid="viewer.content"] canvas');
    if (!overlay || !base) throw new Error('no canvases');
    const { width, height } = overlay;
    const o = overlay.getContext('2d')?.getImageData(0, 0, width, height).data;
    const b = base.getContext('2d')?.getImageData(0, 0, width, height).data;
    if (!o || !b) throw new Error('no pixels');
    const opacity = Number(getComputedStyle(overlay).opacity);
    const alpha = (x: number, y: number) => o[(y * width + x) * 4 + 3];
    const uniform = (x: number, y: number, painted: boolean) => {
      for (let dy = -6; dy <= 6; dy++) for (let dx = -6; dx <= 6; dx++) if (alpha(x + dx, y + dy) > 0 !== painted) return false;
      return true;
    };
    let inside: [number, number] | null = null;
    let outside: [number, number] | null = null;
    // The painted pixel nearest the overlay's centre of mass, and a clear one in the top-left area.
    let sx = 0;
    let sy = 0;
    let n = 0;
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++)
        if (alpha(x, y) > 0) {
          sx += x;
          sy += y;
          n++;
        }
    const cx = Math.round(sx / n);
    const cy = Math.round(sy / n);
    for (let r = 0; r < 60 && !inside; r++)
      for (let dy = -r; dy <= r && !inside; dy++) for (let dx = -r; dx <= r && !inside; dx++) if (uniform(cx + dx, cy + dy, true)) inside = [cx + dx, cy + dy];
    // The clear pixel nearest the painted one, so that both are on screen when zoomed in on it.
    const [ix, iy] = inside ?? [cx, cy];
    for (let r = 1; r < Math.max(width, height) && !outside; r++)
      for (let dy = -r; dy <= r && !outside; dy++)
        for (let dx = -r; dx <= r && !outside; dx++) {
          const x = ix + dx;
          const y = iy + dy;
          if ((Math.abs(dx) === r || Math.abs(dy) === r) && x >= 6 && y >= 6 && x < width - 6 && y < height - 6 && uniform(x, y, false)) outside = [x, y];
        }
    if (!inside || !outside) throw new Error('no probe pixels');
    const expected = (x: number, y: number) => {
      const i = (y * width + x) * 4;
      const a = (o[i + 3] / 255) * opacity;
      return [0, 1, 2].map((c) => Math.round(b[i + c] * (1 - a) + o[i + c] * a));
    };
    return { inside, outside, insideColour: expected(...inside), outsideColour: expected(...outside) };
  });
}

const close = (actual: number[], expected: number[], tolerance: number) => actual.every((v, c) => Math.abs(v - expected[c]) <= tolerance);

/** The overlay shows on screen exactly over its image pixel, and only there. */
async function expectAligned(studio: StudioPage, p: Awaited<ReturnType<typeof probes>>) {
  const t = await transform(studio);
  const box = await studio.byId('viewer.stage').boundingBox();
  const visible = (q: { x: number; y: number }) => !!box && q.x >= box.x + 2 && q.y >= box.y + 2 && q.x < box.x + box.width - 2 && q.y < box.y + box.height - 2;
  const at = onScreen(t, ...p.inside);
  expect(visible(at), `overlay pixel ${p.inside} on screen`).toBe(true);
  const inside = await screenPixel(studio, at);
  expect(close(inside, p.insideColour, 16), `screen ${inside} at overlay pixel ${p.inside}, expected ${p.insideColour} (scale ${t.scale})`).toBe(true);
  // The overlay colour is not grey; plain image is.
  expect(Math.max(...inside) - Math.min(...inside)).toBeGreaterThan(20);
  const clear = onScreen(t, ...p.outside);
  if (!visible(clear)) return;
  const outside = await screenPixel(studio, clear);
  expect(close(outside, p.outsideColour, 16), `screen ${outside} at clear pixel ${p.outside}, expected ${p.outsideColour}`).toBe(true);
  expect(Math.max(...outside) - Math.min(...outside)).toBeLessThan(8);
}

test('zoom and pan keep the overlay, crop frame and editing cursor on their image pixels', async ({ studio, page }) => {
  mkdirSync(SHOTS, { recursive: true });
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([{ name: 'scan1.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan1.png')) }]);
  await studio.waitAllSettled(1);
  // The bundled model's head ellipse is its own layer, drawn when the measuring worker answers:
  // switched off here, where the overlay raster's pixels are compared (its axes cross at the probe).
  await studio.byId('biometry.show-ellipse').uncheck();
  await studio.byId('controls.opacity').fill('0.8');
  const p = await probes(studio);
  const stage = studio.byId('viewer.stage');
  const zoom = studio.byId('viewer.zoom');

  await stage.scrollIntoViewIfNeeded();
  await expectAligned(studio, p);

  // 100 %: one image pixel per screen pixel.
  await studio.byId('viewer.zoom-100').click();
  await expect(zoom).toHaveText('100 %');
  await expectAligned(studio, p);

  // The wheel zooms about the pointer: four notches over the overlay pixel make 4×, and it stays under the pointer.
  let t = await transform(studio);
  // Mouse events report whole CSS pixels: put the pointer on one, and follow the image point exactly under it.
  const near = onScreen(t, ...p.inside);
  const pointer = { x: Math.round(near.x), y: Math.round(near.y) };
  const held = { x: (pointer.x - t.left - t.x) / t.scale, y: (pointer.y - t.top - t.y) / t.scale };
  await page.mouse.move(pointer.x, pointer.y);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -100);
  await expect(zoom).toHaveText('400 %');
  t = await transform(studio);
  expect(t.scale).toBeCloseTo(4, 6);
  expect(t.left + t.x + held.x * t.scale).toBeCloseTo(pointer.x, 3);
  expect(t.top + t.y + held.y * t.scale).toBeCloseTo(pointer.y, 3);
  await expectAligned(studio, p);

  // Pan with the middle button, with Alt held, and by keyboard: the overlay goes along.
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(pointer.x + 60, pointer.y + 40, { steps: 4 });
  await page.mouse.up({ button: 'middle' });
  const panned = await transform(studio);
  expect(panned.x - t.x).toBeCloseTo(60, 3);
  expect(panned.y - t.y).toBeCloseTo(40, 3);
  await expectAligned(studio, p);
  await page.keyboard.down('Alt');
  await page.mouse.down();
  await page.mouse.move(pointer.x + 20, pointer.y + 10, { steps: 3 });
  await page.mouse.up();
  await page.keyboard.up('Alt');
  expect((await transform(studio)).x).toBeCloseTo(panned.x - 40, 3);
  await stage.focus();
  await page.keyboard.press('ArrowRight');
  expect((await transform(studio)).x).toBeLessThan(panned.x - 40);
  await expectAligned(studio, p);
  await expect(studio.byId('viewer.content')).toHaveClass(/pixelated/);
  await page.screenshot({ path: join(SHOTS, 'zoom-4x-overlay.png') });

  // The crop frame is drawn where its region is, at this zoom.
  const [rx, ry, rsize] = ((await studio.byId('viewer.region').getAttribute('aria-valuetext')) ?? '').match(/-?\d+/g)?.map(Number) ?? [];
  t = await transform(studio);
  const frame = await studio.byId('viewer.region').boundingBox();
  const corner = { x: t.left + t.x + rx * t.scale, y: t.top + t.y + ry * t.scale };
  // Its box is the region's (the border is drawn inside it, 2 screen pixels at any zoom).
  expect(Math.abs((frame?.x ?? 0) - corner.x)).toBeLessThan(1);
  expect(Math.abs((frame?.y ?? 0) - corner.y)).toBeLessThan(1);
  expect(Math.abs((frame?.width ?? 0) - rsize * t.scale)).toBeLessThan(1);

  // + and − step by √2; 0 (or Fit) fits again.
  await page.keyboard.press('-');
  await expect(zoom).toHaveText('283 %');
  await page.keyboard.press('+');
  await expect(zoom).toHaveText('400 %');

  // Editing at 4×: the brush circle is centred on the pointer, and a dab lands on the image pixel under it.
  await studio.byId('editor.start').click();
  await studio.byId('editor.radius').fill('3');
  t = await transform(studio);
  const target = onScreen(t, p.inside[0] + 10, p.inside[1] - 6);
  await page.mouse.move(target.x, target.y);
  const ring = await studio.byId('editor.cursor').boundingBox();
  expect(Math.abs((ring?.x ?? 0) + (ring?.width ?? 0) / 2 - target.x)).toBeLessThan(1.5);
  expect(Math.abs((ring?.width ?? 0) - 6 * t.scale)).toBeLessThan(1.5);
  await studio.byId('editor.eraser').click();
  await page.mouse.click(target.x, target.y);
  const erased = await studio.byId('editor.mask').evaluate(
    (canvas: HTMLCanvasElement, [x, y]) => canvas.getContext('2d')?.getImageData(x, y, 1, 1).data[3],
    [p.inside[0] + 10, p.inside[1] - 6],
  );
  expect(erased).toBe(0);
  await page.screenshot({ path: join(SHOTS, 'zoom-4x-editing.png') });
  // A polygon being drawn at 4×: its outline follows the corners clicked (Esc drops it).
  await page.keyboard.press('p');
  for (const [dx, dy] of [[-20, -20], [20, -24], [24, 16]]) {
    const q = onScreen(t, p.inside[0] + dx, p.inside[1] + dy);
    await page.mouse.click(q.x, q.y);
  }
  await expect(studio.byId('editor.surface')).toHaveAttribute('data-outline', '3');
  await page.screenshot({ path: join(SHOTS, 'zoom-4x-polygon.png') });
  await page.keyboard.press('Escape');
  await expect(studio.byId('editor.surface')).toHaveAttribute('data-outline', '0');
  await page.keyboard.press('0');
  await expect(studio.byId('viewer.zoom-fit')).toHaveAttribute('aria-pressed', 'true');
  await studio.byId('editor.cancel').click();
});
