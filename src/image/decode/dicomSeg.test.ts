import { describe, expect, it } from 'vitest';
import { dicomSeg } from '../../export/dicomSeg';
import { writeDicom } from '../../testing/dicomFiles';
import { labelMapFromRaster } from '../labelMap';
import { maskFromRaster } from '../mask';
import { notAnImage } from '../raster';
import { type ClassInfo } from '../../model/classes';
import { decodeDicom } from './dicom';

describe('a DICOM SEG dropped as ground truth', () => {
  const width = 11;
  const height = 5;
  // Classes 1 and 2 in stripes; class 3 nowhere (its segment's frame is empty).
  const labels = { width, height, data: Uint8Array.from({ length: width * height }, (_, i) => [0, 1, 2, 1, 0][i % 5]) };
  const classes: ClassInfo[] = [
    { name: 'head', color: '#E69F00', value: 1 },
    { name: 'brain', color: '#56B4E9', value: 2 },
    { name: 'cyst', color: '#009E73', value: 3 },
  ];
  const segOf = async () => {
    const source = await decodeDicom(writeDicom({ rows: height, columns: width, pixelData: new Uint16Array(width * height).buffer }));
    return dicomSeg({ scan: source.scan as Parameters<typeof dicomSeg>[0]['scan'], labels, classes, modelName: 'tiny', now: new Date(2026, 10, 27) });
  };

  it('reads all its segments as one label image of segment numbers, not its first frame alone', async () => {
    const raster = await decodeDicom(await segOf());
    expect(raster.scan?.frames).toBe(1);
    expect(Array.from(raster.data)).toEqual(Array.from(labels.data));
    expect(raster.scan?.facts).toContainEqual(['Segments', '1 = head, 2 = brain, 3 = cyst']);
    // Through the model's class table it is the label map; for a binary model every segment is foreground.
    expect(Array.from(labelMapFromRaster(raster, classes).data)).toEqual(Array.from(labels.data));
    expect(Array.from(maskFromRaster(raster).data)).toEqual(Array.from(labels.data, (k) => (k > 0 ? 1 : 0)));
  });

  it('is marked as a segmentation, so it is never segmented as an image; the scan it came from is not', async () => {
    const seg = await decodeDicom(await segOf());
    expect(seg.scan?.segmentation).toBe(true);
    expect(notAnImage(seg.scan)).toBe('this file is a DICOM SEG (a segmentation, not an image)');
    const scan = await decodeDicom(writeDicom({ rows: height, columns: width, pixelData: new Uint16Array(width * height).buffer }));
    expect(scan.scan?.segmentation).toBeUndefined();
    expect(notAnImage(scan.scan)).toBeNull();
    expect(notAnImage(undefined)).toBeNull();
  });

  it('refuses a frame the SEG does not cover, counting image frames, not SEG frames', async () => {
    await expect(decodeDicom(await segOf(), 1)).rejects.toThrow('frame 2 does not exist (the file has 1)');
  });
});
