/**
 * Files that are not what the bundled fetal-ultrasound model reads, as a user drops them: a CT
 * DICOM is segmented with a hint that the model was trained on ultrasound (none for an ultrasound
 * DICOM), and a DICOM SEG that no image's name claims is listed as what it is, not segmented,
 * while one named as its image's mask is that image's ground truth. The DICOMs and the SEG are
 * written here (dcmjs and the app's own SEG writer).
 */
import { decodeImage } from '../src/image/decode';
import { dicomSeg } from '../src/export/dicomSeg';
import { maskFromRaster } from '../src/image/mask';
import { writeDicom } from '../src/testing/dicomFiles';
import { syntheticPair } from './fixtures/synthetic';
import { expect, test } from './test';

const [W, H] = [160, 120];

test('a CT given to the ultrasound model is hinted, an ultrasound is not; a lone DICOM SEG is named as a segmentation, one named as a mask scores', async ({ studio }) => {
  // The generated scan the bundled model segments well, as 8-bit DICOMs of either modality.
  const pair = syntheticPair(2, W, H);
  const [grey, mask] = await Promise.all([decodeImage(pair.image), decodeImage(pair.mask)]);
  const scan = (modality: string) => Buffer.from(writeDicom({ rows: H, columns: W, bitsAllocated: 8, pixelData: Uint8Array.from(grey.data).buffer, extra: { Modality: modality } }));
  const us = scan('US');
  const source = await decodeImage(new Uint8Array(us));
  const truth = maskFromRaster(mask);
  const seg = Buffer.from(dicomSeg({ scan: source.scan as Parameters<typeof dicomSeg>[0]['scan'], mask: truth, modelName: 'reader', threshold: 0.5, now: new Date(2026, 0, 1) }));
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([
    { name: 'ct.dcm', buffer: scan('CT'), type: 'application/dicom' },
    { name: 'us.dcm', buffer: us, type: 'application/dicom' },
    { name: 'us_seg.dcm', buffer: seg, type: 'application/dicom' },
    { name: 'segmentation-of-us.dcm', buffer: seg, type: 'application/dicom' },
  ]);
  // us_seg.dcm pairs with us.dcm; the other SEG stays in the list, as an error saying what it is.
  await studio.waitAllSettled(3);
  const lone = studio.item('segmentation-of-us.dcm');
  await expect(lone).toHaveAttribute('data-status', 'error');
  await expect(lone).toContainText('this file is a DICOM SEG (a segmentation, not an image); to score against it, drop it together with its image');

  await studio.item('ct.dcm').locator('.item-select').click();
  await expect(studio.byId('viewer.modality-hint')).toHaveText('This file is CT; the model was trained on ultrasound (US) images: its output may not mean anything here.');
  await studio.item('us.dcm').locator('.item-select').click();
  await expect(studio.byId('metrics.selected.dice')).toBeVisible();
  await expect(studio.byId('viewer.modality-hint')).toHaveCount(0);
  // The paired SEG is the ultrasound's ground truth: the disc the model finds scores well against it.
  await expect.poll(() => studio.selectedDice()).toBeGreaterThan(0.8);
});
