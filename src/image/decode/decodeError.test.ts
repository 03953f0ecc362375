import { describe, expect, it } from 'vitest';
import { tooSmallToSegment } from '../raster';
import { decodeImage, ImageDecodeError } from '.';

describe('decode error lines', () => {
  it('drop the dangling colon a decoder leaves in its message', async () => {
    expect(new ImageDecodeError('corrupt PNG (Error while decompressing the data:)').message).toBe('corrupt PNG (Error while decompressing the data)');
    expect(new ImageDecodeError('bad file: ').message).toBe('bad file');
    // A real truncated PNG body: fast-png's inflate message ends in a colon.
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 4, 0, 0, 0, 4, 8, 0, 0, 0, 0]);
    await expect(decodeImage(png)).rejects.toThrow(/^corrupt PNG \(.*[^:]\)$/);
  });
});

describe('tooSmallToSegment', () => {
  it('refuses images with a side under 16 pixels, saying their size', () => {
    expect(tooSmallToSegment(1, 1)).toBe('the image is only 1×1 pixels: too small to segment (each side needs at least 16)');
    expect(tooSmallToSegment(300, 15)).toContain('300×15');
    expect(tooSmallToSegment(16, 16)).toBeNull();
  });
});
