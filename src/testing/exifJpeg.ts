/** Test helper: JPEGs carrying an EXIF Orientation tag, as phones and cameras write them (jpeg-js encoder + a minimal EXIF block). */
import jpeg from 'jpeg-js';

/** An EXIF APP1 payload ("Exif\0\0" + TIFF header + one IFD holding Orientation), in either byte order. */
export function exifWithOrientation(orientation: number, bigEndian = true): Uint8Array {
  const tiff = new DataView(new ArrayBuffer(26));
  const little = !bigEndian;
  tiff.setUint16(0, bigEndian ? 0x4d4d : 0x4949, false);
  tiff.setUint16(2, 42, little);
  tiff.setUint32(4, 8, little); // first IFD
  tiff.setUint16(8, 1, little); // one entry
  tiff.setUint16(10, 0x0112, little); // Orientation
  tiff.setUint16(12, 3, little); // SHORT
  tiff.setUint32(14, 1, little);
  tiff.setUint16(18, orientation, little);
  tiff.setUint32(22, 0, little); // no next IFD
  const out = new Uint8Array(6 + 26);
  out.set([0x45, 0x78, 0x69, 0x66, 0, 0]);
  out.set(new Uint8Array(tiff.buffer), 6);
  return out;
}

/** A grey JPEG (quality 100) of `grey` (width×height, one byte each) with the given EXIF orientation. */
export function orientedJpeg(grey: Uint8Array, width: number, height: number, orientation: number, bigEndian = true): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) rgba.set([grey[i], grey[i], grey[i], 255], i * 4);
  const encoded = jpeg.encode({ data: rgba, width, height, exifBuffer: exifWithOrientation(orientation, bigEndian) } as jpeg.RawImageData<Uint8Array>, 100);
  return new Uint8Array(encoded.data);
}
