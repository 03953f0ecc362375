/** Writes uncompressed little-endian grey TIFFs (8- or 16-bit, one page per frame) for tests. */
export function writeGreyTiff(width: number, height: number, pages: ReadonlyArray<Uint8Array | Uint16Array>): Uint8Array {
  const entries = 9;
  const ifdSize = 2 + entries * 12 + 4;
  const pixelBytes = pages.map((p) => p.byteLength);
  const total = 8 + pages.reduce((sum, _, i) => sum + ifdSize + pixelBytes[i], 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set([0x49, 0x49, 42, 0]);
  let offset = 8;
  view.setUint32(4, offset, true);
  pages.forEach((page, p) => {
    const bits = page instanceof Uint16Array ? 16 : 8;
    const ifd = offset;
    const pixels = ifd + ifdSize;
    const tags: Array<[number, number, number]> = [
      [256, 4, width],
      [257, 4, height],
      [258, 3, bits],
      [259, 3, 1],
      [262, 3, 1],
      [273, 4, pixels],
      [277, 3, 1],
      [278, 4, height],
      [279, 4, page.byteLength],
    ];
    view.setUint16(ifd, entries, true);
    tags.forEach(([tag, type, value], i) => {
      const e = ifd + 2 + i * 12;
      view.setUint16(e, tag, true);
      view.setUint16(e + 2, type, true);
      view.setUint32(e + 4, 1, true);
      if (type === 3) view.setUint16(e + 8, value, true);
      else view.setUint32(e + 8, value, true);
    });
    const next = p + 1 < pages.length ? pixels + page.byteLength : 0;
    view.setUint32(ifd + 2 + entries * 12, next, true);
    if (page instanceof Uint16Array) page.forEach((v, i) => view.setUint16(pixels + i * 2, v, true));
    else out.set(page, pixels);
    offset = pixels + page.byteLength;
  });
  return out;
}
