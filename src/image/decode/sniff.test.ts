import { describe, expect, it } from 'vitest';
import { decodeImage } from './index';
import { acceptAttribute, FORMATS, formatLabels, sniffFormat } from './sniff';

describe('the list of formats', () => {
  it('names every format with its extensions, DICOM and TIFF included', () => {
    const extensions = FORMATS.flatMap((f) => f.extensions);
    for (const ext of ['.dcm', '.dicom', '.tif', '.tiff', '.png', '.jpg', '.jpeg', '.bmp', '.webp', '.gif']) expect(extensions).toContain(ext);
    expect(acceptAttribute().split(',')).toEqual(['image/*', ...extensions]);
  });
  it('is what the refusal of an unknown file names', async () => {
    expect(formatLabels()).toBe('DICOM, TIFF, PNG, JPEG, BMP, WebP or GIF');
    await expect(decodeImage(new TextEncoder().encode('plain text, no image here'))).rejects.toThrow(`not an image this app can read (${formatLabels()})`);
  });
  it('recognises each by its content, no signature shadowing another', () => {
    const file = (head: number[], length = 200) => Uint8Array.from({ length }, (_, i) => head[i] ?? 0);
    const ascii = (text: string) => Array.from(text, (c) => c.charCodeAt(0));
    expect(sniffFormat(file([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(sniffFormat(file([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffFormat(file([...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEBP')]))).toBe('webp');
    expect(sniffFormat(file(ascii('GIF89a')))).toBe('gif');
    expect(sniffFormat(file([0x49, 0x49, 0x2a, 0]))).toBe('tiff');
    expect(sniffFormat(file([0x4d, 0x4d, 0, 0x2a]))).toBe('tiff');
    expect(sniffFormat(file(ascii('BM')))).toBe('bmp');
    // DICM at 128 wins over any signature in the preamble.
    for (const head of [[0x49, 0x49, 0x2a, 0], [0xff, 0xd8, 0xff], ascii('BM'), ascii('GIF8')]) {
      expect(sniffFormat(file([...head, ...new Array(128 - head.length).fill(0), ...ascii('DICM')]))).toBe('dicom');
    }
    expect(sniffFormat(file([]))).toBeNull();
  });
});
