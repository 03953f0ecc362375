/**
 * Recognises an image file by its content, not its extension (extensions lie, and DICOM files often
 * have none), and lists the formats the app reads, for messages and file pickers.
 */

/** The image formats the app reads, in the order messages name them. */
export const FORMATS = [
  { name: 'dicom', label: 'DICOM', extensions: ['.dcm', '.dicom'] },
  { name: 'tiff', label: 'TIFF', extensions: ['.tif', '.tiff'] },
  { name: 'png', label: 'PNG', extensions: ['.png'] },
  { name: 'jpeg', label: 'JPEG', extensions: ['.jpg', '.jpeg', '.jpe', '.jfif'] },
  { name: 'bmp', label: 'BMP', extensions: ['.bmp', '.dib'] },
  { name: 'webp', label: 'WebP', extensions: ['.webp'] },
  { name: 'gif', label: 'GIF', extensions: ['.gif'] },
] as const satisfies ReadonlyArray<{ name: string; label: string; extensions: readonly string[] }>;

export type ImageFormat = (typeof FORMATS)[number]['name'];

/** "DICOM, TIFF, PNG, JPEG, BMP, WebP or GIF". */
export function formatLabels(): string {
  const labels = FORMATS.map((f) => f.label);
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]}`;
}

/**
 * An `accept=` value naming every format's extensions, for a picker that must filter. Extension-less
 * DICOM files (common on CDs and from PACS exports) do not match any filter, so the app's own image
 * picker sets none and shows all files; content decides (sniffFormat).
 */
export function acceptAttribute(): string {
  return ['image/*', ...FORMATS.flatMap((f) => f.extensions)].join(',');
}

/** Value representations (PS3.5 §6.2); those with a 4-byte length in explicit VR (PS3.5 §7.1.2). */
const VRS = new Set('AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '));
const LONG_VRS = new Set('OB OD OF OL OV OW SQ UN UC UR UT SV UV'.split(' '));

/** Transfer syntax UIDs a bare data set can be read in. */
export const BARE_SYNTAX = { implicitLittle: '1.2.840.10008.1.2', explicitLittle: '1.2.840.10008.1.2.1', explicitBig: '1.2.840.10008.1.2.2' } as const;

/** How a bare DICOM data set is encoded, and where it starts. */
export interface BareDicom {
  /** Transfer syntax UID it is read in, or 'file-meta' when it starts with the file meta group (0002). */
  readonly syntax: string;
  /** Stray bytes before the first element (0 normally). */
  readonly offset: number;
}

/** Whether a bare data set starts at `start`: two elements, group 0008 (or 0002) tags in ascending order. */
function bareAt(bytes: Uint8Array, start: number): BareDicom | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, bytes.byteLength - start);
  const vrAt = (o: number) => String.fromCharCode(bytes[start + o], bytes[start + o + 1]);
  for (const little of [true, false]) {
    const group = view.getUint16(0, little);
    if (group !== 0x0008 && group !== 0x0002) continue;
    const explicit = VRS.has(vrAt(4));
    if (!explicit && !little) continue;
    // Length of the first element's value, then where the second element starts.
    const longVr = explicit && LONG_VRS.has(vrAt(4));
    const length = !explicit ? view.getUint32(4, little) : longVr ? view.getUint32(8, little) : view.getUint16(6, little);
    const next = (longVr ? 12 : 8) + length;
    if (length === 0xffffffff || length % 2 || next + 6 > view.byteLength) continue;
    const first = view.getUint16(2, little);
    const [group2, element2] = [view.getUint16(next, little), view.getUint16(next + 2, little)];
    if (group2 < group || (group2 === group && element2 <= first) || group2 > 0x7fe0) continue;
    if (explicit && !VRS.has(vrAt(next + 4))) continue;
    if (group === 0x0002) return explicit && little ? { syntax: 'file-meta', offset: start } : null;
    return { syntax: !explicit ? BARE_SYNTAX.implicitLittle : little ? BARE_SYNTAX.explicitLittle : BARE_SYNTAX.explicitBig, offset: start };
  }
  return null;
}

/**
 * A DICOM data set written without the Part 10 preamble, `DICM` and file meta (PS3.10 §7.1), as some
 * planning systems and old archives do: recognised by its first two elements, group 0008 tags in
 * ascending order, at the start or after at most 3 stray bytes. Its transfer syntax: explicit VR when
 * bytes 4–5 of the first element are a VR, else implicit VR; little endian unless the group reads 0008
 * big endian. A file that starts with the file meta group (0002) lacks only the preamble. Null when
 * the content is not such a data set. Like pydicom's dcmread(force=True), which guesses the same way.
 */
export function sniffBareDicom(bytes: Uint8Array): BareDicom | null {
  for (let start = 0; start < 4 && start + 16 <= bytes.length; start++) {
    const found = bareAt(bytes, start);
    if (found) return found;
  }
  return null;
}

/**
 * The file's format from its content. `DICM` at offset 128 is checked first: the 128-byte preamble
 * before it may hold anything, a TIFF header included (PS3.10 §7.1; NEMA WG04 images have one). Then
 * the signatures at offset 0, longest first so no shorter one shadows a longer (BMP's two-byte "BM"
 * last), and last a bare DICOM data set, the weakest signature.
 */
export function sniffFormat(bytes: Uint8Array): ImageFormat | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  const ascii = (offset: number, text: string) => at(offset, ...Array.from(text, (c) => c.charCodeAt(0)));
  if (bytes.length > 132 && ascii(128, 'DICM')) return 'dicom';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'webp';
  if (ascii(0, 'GIF8')) return 'gif';
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (ascii(0, 'BM')) return 'bmp';
  if (sniffBareDicom(bytes)) return 'dicom';
  return null;
}
