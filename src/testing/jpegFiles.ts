/**
 * JPEG streams whose three components hold chosen values, with the markers that say whether they are
 * YCbCr or RGB (JFIF APP0, Adobe APP14 transform flag, component ids), for checking that decoders
 * convert colour only when the stream or the DICOM header says YCbCr. Built on jpeg-js's encoder,
 * which always writes JFIF YCbCr with component ids 1, 2, 3 and 4:4:4 sampling.
 */
import jpeg from 'jpeg-js';

export type Triple = readonly [number, number, number];

/** JFIF/BT.601 full-range YCbCr → RGB (what a decoder does when it applies the colour transform). */
export function ycbcrToRgb([y, cb, cr]: Triple): Triple {
  return [y + 1.402 * (cr - 128), y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128), y + 1.772 * (cb - 128)];
}

/** How the stream labels its components. */
export type ComponentLabel = 'jfif' | 'none' | 'adobe-transform-0' | 'adobe-transform-1' | 'ids-rgb';

/**
 * A `width`×`height` JPEG (quality 100) whose left half stores components `left` and right half
 * `right`, labelled as `label` says: 'jfif' keeps jpeg-js's JFIF APP0; 'none' strips it; 'adobe-…'
 * replaces it by an Adobe APP14 marker with that transform flag; 'ids-rgb' strips it and renames the
 * components 'R', 'G', 'B' in the frame and scan headers. Padded to an even length (DICOM fragments).
 */
export function jpegWithComponents(left: Triple, right: Triple, width: number, height: number, label: ComponentLabel): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    // Pre-transform so that the encoder's RGB → YCbCr lands on the wanted components.
    const rgb = ycbcrToRgb((i % width) < width / 2 ? left : right);
    rgba.set([...rgb.map((v) => Math.round(v)), 255], i * 4);
  }
  const encoded = jpeg.encode({ data: rgba, width, height }, 100).data;
  const bytes = new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  // jpeg-js writes SOI then APP0 JFIF (FFE0, length 16).
  const app0Length = (bytes[4] << 8) | bytes[5];
  const rest = bytes.slice(4 + app0Length);
  const adobe = (transform: number) => [0xff, 0xee, 0, 14, ...Array.from('Adobe', (c) => c.charCodeAt(0)), 0, 100, 0, 0, 0, 0, transform];
  const head = label === 'jfif' ? Array.from(bytes.subarray(2, 4 + app0Length)) : label.startsWith('adobe') ? adobe(label.endsWith('1') ? 1 : 0) : [];
  if (label === 'ids-rgb') renameComponents(rest);
  const out = new Uint8Array(2 + head.length + rest.length + ((2 + head.length + rest.length) % 2));
  out.set([0xff, 0xd8]);
  out.set(head, 2);
  out.set(rest, 2 + head.length);
  return out;
}

/** Component ids 1, 2, 3 → 'R', 'G', 'B' in the SOF0 and SOS headers of `stream` (from a marker on). */
function renameComponents(stream: Uint8Array): void {
  const ids: Record<number, number> = { 1: 0x52, 2: 0x47, 3: 0x42 };
  for (let i = 0; i + 4 <= stream.length && stream[i] === 0xff; ) {
    const marker = stream[i + 1];
    const length = (stream[i + 2] << 8) | stream[i + 3];
    if (marker === 0xc0) for (let k = 0; k < 3; k++) stream[i + 10 + 3 * k] = ids[stream[i + 10 + 3 * k]];
    if (marker === 0xda) {
      for (let k = 0; k < 3; k++) stream[i + 5 + 2 * k] = ids[stream[i + 5 + 2 * k]];
      return;
    }
    i += 2 + length;
  }
}
