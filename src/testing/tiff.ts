/**
 * Writes uncompressed little-endian grey TIFFs (8- or 16-bit, or 32-bit float with SampleFormat 3;
 * one page per frame) for tests, with
 * optional resolution tags (XResolution/YResolution as pixels per unit, ResolutionUnit) and an
 * ImageDescription (ImageJ writes `unit=mm` there).
 */
export interface TiffExtras {
  readonly resolution?: { readonly x: number; readonly y: number; readonly unit: 1 | 2 | 3 };
  readonly description?: string;
}

export function writeGreyTiff(width: number, height: number, pages: ReadonlyArray<Uint8Array | Uint16Array | Float32Array>, extras: TiffExtras = {}): Uint8Array {
  const description = extras.description ? new TextEncoder().encode(`${extras.description}\0`) : null;
  const float = pages[0] instanceof Float32Array;
  const entries = 9 + (extras.resolution ? 3 : 0) + (description ? 1 : 0) + (float ? 1 : 0);
  const ifdSize = 2 + entries * 12 + 4;
  // After each IFD: two rationals (8 bytes each) and the description, then the pixels.
  const extraSize = (extras.resolution ? 16 : 0) + (description ? description.length + (description.length % 2) : 0);
  const pixelBytes = pages.map((p) => p.byteLength);
  const total = 8 + pages.reduce((sum, _, i) => sum + ifdSize + extraSize + pixelBytes[i], 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  let offset = 8;
  view.setUint32(4, offset, true);
  pages.forEach((page, p) => {
    const bits = page instanceof Float32Array ? 32 : page instanceof Uint16Array ? 16 : 8;
    const ifd = offset;
    const extra = ifd + ifdSize;
    const pixels = extra + extraSize;
    // [tag, type, count, value or offset]; types: 2 ASCII, 3 SHORT, 4 LONG, 5 RATIONAL. Sorted by tag.
    const tags: Array<[number, number, number, number]> = [
      [256, 4, 1, width],
      [257, 4, 1, height],
      [258, 3, 1, bits],
      [259, 3, 1, 1],
      [262, 3, 1, 1],
    ];
    if (description) tags.push([270, 2, description.length, extra + (extras.resolution ? 16 : 0)]);
    tags.push([273, 4, 1, pixels], [277, 3, 1, 1], [278, 4, 1, height], [279, 4, 1, page.byteLength]);
    if (extras.resolution) {
      const r = extras.resolution;
      // Rationals as value × 1000 / 1000.
      view.setUint32(extra, Math.round(r.x * 1000), true);
      view.setUint32(extra + 4, 1000, true);
      view.setUint32(extra + 8, Math.round(r.y * 1000), true);
      view.setUint32(extra + 12, 1000, true);
      tags.push([282, 5, 1, extra], [283, 5, 1, extra + 8], [296, 3, 1, r.unit]);
    }
    if (float) tags.push([339, 3, 1, 3]); // SampleFormat: IEEE float
    if (description) out.set(description, extra + (extras.resolution ? 16 : 0));
    view.setUint16(ifd, entries, true);
    tags.forEach(([tag, type, count, value], i) => {
      const e = ifd + 2 + i * 12;
      view.setUint16(e, tag, true);
      view.setUint16(e + 2, type, true);
      view.setUint32(e + 4, count, true);
      if (type === 3) view.setUint16(e + 8, value, true);
      else view.setUint32(e + 8, value, true);
    });
    const next = p + 1 < pages.length ? pixels + page.byteLength : 0;
    view.setUint32(ifd + 2 + entries * 12, next, true);
    if (page instanceof Float32Array) page.forEach((v, i) => view.setFloat32(pixels + i * 4, v, true));
    else if (page instanceof Uint16Array) page.forEach((v, i) => view.setUint16(pixels + i * 2, v, true));
    else out.set(page, pixels);
    offset = pixels + page.byteLength;
  });
  return out;
}
