/**
 * Measuring on any image: the ruler draws a line whose length is in mm from the DICOM's pixel
 * spacing, and the panel gives the area of the model's mask and of the ground truth in mm².
 * Uses a DICOM made here with known spacing and the synthetic scan's pixels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { writeDicom } from '../src/testing/dicomFiles';
import { expect, test } from './test';

test('ruler in mm from the pixel spacing, and the areas of the mask and the ground truth', async ({ studio, page }) => {
  const png = decode(readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan1.png')));
  const pixels = new Uint16Array(png.data as Uint8Array);
  const dicom = writeDicom({ rows: png.height, columns: png.width, pixelData: pixels.buffer, extra: { PixelSpacing: ['0.5', '0.25'] } });
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([
    { name: 'scan1.dcm', buffer: Buffer.from(dicom) },
    { name: 'scan1_mask.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', 'scan1.png')) },
  ]);
  await studio.waitAllSettled(1);

  // Areas: in mm² (0.5 × 0.25 mm pixels), the ground truth's the count of its mask pixels.
  const area = studio.byId('measure.area');
  await expect(area).toContainText('mm²');
  const mask = decode(readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', 'scan1.png')));
  const truthPx = (mask.data as Uint8Array).filter((v) => v > 0).length;
  await expect(area).toHaveAttribute('data-truth-px', String(truthPx));
  await expect(area).toContainText(`ground truth: ${(truthPx * 0.125).toFixed(1)} mm² (${truthPx} px)`);

  // Ruler: drag 100 screen px to the right at the fit zoom; its length in px is 100 / zoom and in mm a quarter of that (column spacing).
  await studio.byId('measure.ruler').click();
  const layer = studio.byId('viewer.ruler-layer');
  // The Ruler button is below the image: bring the image back into view before dragging on it.
  await layer.scrollIntoViewIfNeeded();
  const box = await layer.boundingBox();
  if (!box) throw new Error('no ruler layer');
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + 50, y);
  await page.mouse.down();
  await page.mouse.move(box.x + 150, y, { steps: 5 });
  await page.mouse.up();
  const line = studio.byId('viewer.ruler');
  const px = Number(await line.getAttribute('data-px'));
  const mm = Number(await line.getAttribute('data-mm'));
  const scale = box.width / png.width;
  expect(px).toBeCloseTo(100 / scale, 0);
  expect(mm).toBeCloseTo(px * 0.25, 6);
  await expect(studio.byId('measure.length')).toHaveText(`${mm.toFixed(2)} mm (${px.toFixed(1)} px)`);
});
