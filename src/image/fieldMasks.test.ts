/**
 * A real label-map ground truth (StarDist's uint16 nuclei labels, ../shared/field; skipped, with
 * the reason, when absent): it must read as a label map, every labelled pixel foreground — not as
 * an empty mask cut at half the 16-bit range.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode';
import { maskFromRaster } from './mask';

const FILE = resolve('../shared/field/label-map-ground-truth/masks/nuclei.tif');

describe.skipIf(!existsSync(FILE))(`a real 16-bit instance label map (needs ${FILE})`, () => {
  it('reads as a label map with every labelled pixel foreground', async () => {
    const raster = await decodeImage(new Uint8Array(readFileSync(FILE)));
    expect(raster.bitDepth).toBe(16);
    const mask = maskFromRaster(raster);
    expect(mask.reading).toEqual({ kind: 'label-map', labels: 125, maxLabel: 183 });
    let labelled = 0;
    for (let i = 0; i < raster.data.length; i++) if (raster.data[i] > 0) labelled++;
    expect(mask.data.reduce((a, b) => a + b, 0)).toBe(labelled);
    expect(labelled).toBe(52226);
  });
});
