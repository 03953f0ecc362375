/** Pixel size from the file itself: DICOM Ultrasound Regions and TIFF resolution (ImageJ, cm, inch), on files the test writes. */
import { describe, expect, it } from 'vitest';
import { writeDicom } from '../../testing/dicomFiles';
import { writeGreyTiff } from '../../testing/tiff';
import { decodeImage } from './index';

const page = new Uint8Array(8 * 6);

describe('pixel spacing from the file', () => {
  it('reads a DICOM ultrasound image\'s spacing from its largest region in cm, ignoring a Doppler strip', async () => {
    const region = (x1: number, y1: number, units: number, dx: number, dy: number) => ({
      RegionLocationMinX0: 0,
      RegionLocationMinY0: 0,
      RegionLocationMaxX1: x1,
      RegionLocationMaxY1: y1,
      PhysicalUnitsXDirection: units,
      PhysicalUnitsYDirection: units,
      PhysicalDeltaX: dx,
      PhysicalDeltaY: dy,
    });
    const bytes = writeDicom({
      rows: 6,
      columns: 8,
      pixelData: new Uint16Array(48).buffer,
      extra: { Modality: 'US', SequenceOfUltrasoundRegions: [region(4, 3, 3, 0.02, 0.02), region(8, 6, 3, 0.011, 0.012), region(8, 6, 7, 5, 5)] },
    });
    const raster = await decodeImage(bytes);
    const spacing = raster.scan?.pixelSpacing ?? [0, 0];
    expect(spacing[0]).toBeCloseTo(0.12, 10);
    expect(spacing[1]).toBeCloseTo(0.11, 10);
  });

  it('reads a TIFF\'s resolution as ImageJ\'s unit or centimetres, and not a 72-dpi default', async () => {
    const spacing = async (extras: Parameters<typeof writeGreyTiff>[3]) => (await decodeImage(writeGreyTiff(8, 6, [page], extras))).scan?.pixelSpacing ?? null;
    // ImageJ: 10 pixels per mm across, 8 down → 0.125 mm rows, 0.1 mm columns.
    const imagej = await spacing({ resolution: { x: 10, y: 8, unit: 1 }, description: 'ImageJ=1.54f\nunit=mm\n' });
    expect(imagej?.[0]).toBeCloseTo(0.125, 6);
    expect(imagej?.[1]).toBeCloseTo(0.1, 6);
    const micron = await spacing({ resolution: { x: 2, y: 2, unit: 1 }, description: 'ImageJ=1.54f\nunit=micron\n' });
    expect(micron?.[0]).toBeCloseTo(0.0005, 9);
    const cm = await spacing({ resolution: { x: 50, y: 50, unit: 3 } });
    expect(cm?.[1]).toBeCloseTo(0.2, 6);
    expect(await spacing({ resolution: { x: 72, y: 72, unit: 2 } })).toBeNull();
    const scanner = await spacing({ resolution: { x: 254, y: 254, unit: 2 } });
    expect(scanner?.[0]).toBeCloseTo(0.1, 6);
    expect(await spacing({})).toBeNull();
  });
});
