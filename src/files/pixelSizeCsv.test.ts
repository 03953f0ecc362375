import { describe, expect, it } from 'vitest';
import { parsePixelSizeCsv, PixelSizeCsvError, pixelSizeKey } from './pixelSizeCsv';

describe('parsePixelSizeCsv', () => {
  it("reads HC18's layout: per-file pixel size and reference HC", () => {
    const t = parsePixelSizeCsv('filename,pixel size(mm),head circumference (mm)\n001_HC.png,0.0896585200514,56.81\r\n013_HC.png,0.0619183278378,65.7\n');
    expect(t.entries).toHaveLength(2);
    expect(t.skipped).toEqual([]);
    expect(t.lookup('001_HC.png')).toEqual({ file: '001_HC.png', spacing: [0.0896585200514, 0.0896585200514], referenceHc: 56.81 });
    // By name without folder, extension or case.
    expect(t.lookup('images/013_hc.PNG')?.referenceHc).toBe(65.7);
    expect(t.lookup('013_HC.dcm#2')?.spacing).toEqual([0.0619183278378, 0.0619183278378]);
    expect(t.lookup('014_HC.png')).toBeNull();
  });

  it('is tolerant of header names, separators, quotes, a BOM and a missing HC', () => {
    const t = parsePixelSizeCsv('\uFEFF"Image";"Pixel Spacing [mm]"\n"a b.png";"0,2"\nc.png;0.3\\0.25\n');
    expect(t.lookup('a b.png')).toEqual({ file: 'a b.png', spacing: [0.2, 0.2], referenceHc: null });
    expect(t.lookup('c')?.spacing).toEqual([0.3, 0.25]);
    const two = parsePixelSizeCsv('file,row spacing,column spacing,HC\nx.png,0.5,0.25,100\n');
    expect(two.lookup('x.png')).toEqual({ file: 'x.png', spacing: [0.5, 0.25], referenceHc: 100 });
    const tabs = parsePixelSizeCsv('name\tmm per pixel\nq.tif\t0.1 x 0.2\n');
    expect(tabs.lookup('q.tif')?.spacing).toEqual([0.1, 0.2]);
  });

  it('skips unreadable rows with the reason and refuses a CSV without the columns', () => {
    const t = parsePixelSizeCsv('filename,pixel size(mm),head circumference (mm)\na.png,,1\nb.png,-1,2\nc.png,0.1,n/a\nc.png,0.2,3\n,0.1,4\n');
    expect(t.entries.map((e) => [e.file, e.spacing[0], e.referenceHc])).toEqual([['c.png', 0.1, null]]);
    expect(t.skipped).toEqual([
      'line 2 (a.png): no positive pixel size',
      'line 3 (b.png): no positive pixel size',
      'line 4 (c.png): head circumference "n/a" is not a positive number; pixel size kept',
      'line 5 (c.png): a second row for the same file; the first is kept',
      'line 6: no file name',
    ]);
    expect(() => parsePixelSizeCsv('filename,head circumference (mm)\na.png,3\n')).toThrow(PixelSizeCsvError);
    expect(() => parsePixelSizeCsv('filename,head circumference (mm)\na.png,3\n')).toThrow('its header is "filename,head circumference (mm)"');
    expect(() => parsePixelSizeCsv('')).toThrow('empty');
  });

  it('keys files by name alone', () => {
    expect(pixelSizeKey('C:\\data\\Scan.01.PNG')).toBe('scan.01');
    expect(pixelSizeKey('cine#12')).toBe('cine');
  });
});
