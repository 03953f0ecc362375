/**
 * DICOM decoding, one frame at a time: parsing by dicom-parser (cornerstonejs, the parser behind most
 * web DICOM viewers) of Part 10 files, and of bare data sets without preamble or file meta (read as
 * pydicom's force=True does); the pixel codecs are in dicomPixels.ts, each frame's rescale, window and
 * spacing (top-level or Enhanced functional groups) in dicomFrame.ts. 1–16-bit integer samples, signed
 * or not, and float pixel data; MONOCHROME1/2, RGB, YBR_FULL and YBR_FULL/PARTIAL_422; Rescale
 * Slope/Intercept or Modality LUT applied. Anything else is refused, naming what the file is and why.
 */
import dicomParser, { type DataSet } from 'dicom-parser';
import { inflateSync } from 'fflate';
import { MAX_PIXELS, type Raster, rasterFromInterleaved, type ScanInfo } from '../raster';
import { applyLut, type FrameValues, frameValues } from './dicomFrame';
import { frameSamples, isChroma422, pixelDataElement, planarToInterleaved, upsample422, ybrToRgb } from './dicomPixels';
import { type Codec, DicomError, type PixelModule, type Samples } from './dicomTypes';
import { sniffBareDicom } from './sniff';
import { SEG_SOP_CLASS, segFrameMap, type SegFrameMap, segLabelFrame } from './dicomSeg';

export { decodeRle } from './dicomPixels';
export { DicomError } from './dicomTypes';

/** Transfer syntaxes by UID (PS3.6 Table A-1): name, and how we decode it (null: recognised, not supported). */
const TRANSFER_SYNTAXES: Record<string, { name: string; codec: Codec | null; bigEndian?: boolean }> = {
  '1.2.840.10008.1.2': { name: 'Implicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.1': { name: 'Explicit VR Little Endian', codec: 'native' },
  '1.2.840.10008.1.2.1.99': { name: 'Deflated Explicit VR Little Endian', codec: 'deflate' },
  '1.2.840.10008.1.2.2': { name: 'Explicit VR Big Endian', codec: 'native', bigEndian: true },
  '1.2.840.10008.1.2.5': { name: 'RLE Lossless', codec: 'rle' },
  '1.2.840.10008.1.2.8.1': { name: 'Deflated Image Frame Compression', codec: 'deflated-frames' },
  '1.2.840.10008.1.2.4.50': { name: 'JPEG Baseline (Process 1)', codec: 'jpeg-baseline' },
  '1.2.840.10008.1.2.4.51': { name: 'JPEG Extended (Process 2 & 4)', codec: null },
  '1.2.840.10008.1.2.4.57': { name: 'JPEG Lossless (Process 14)', codec: 'jpeg-lossless' },
  '1.2.840.10008.1.2.4.70': { name: 'JPEG Lossless SV1 (Process 14)', codec: 'jpeg-lossless' },
  '1.2.840.10008.1.2.4.80': { name: 'JPEG-LS Lossless', codec: null },
  '1.2.840.10008.1.2.4.81': { name: 'JPEG-LS Near-Lossless', codec: null },
  '1.2.840.10008.1.2.4.90': { name: 'JPEG 2000 Lossless', codec: 'jpeg2000' },
  '1.2.840.10008.1.2.4.91': { name: 'JPEG 2000', codec: 'jpeg2000' },
  '1.2.840.10008.1.2.4.100': { name: 'MPEG-2 video', codec: null },
  '1.2.840.10008.1.2.4.102': { name: 'MPEG-4 AVC/H.264 video', codec: null },
  '1.2.840.10008.1.2.4.107': { name: 'HEVC/H.265 video', codec: null },
  '1.2.840.10008.1.2.4.110': { name: 'JPEG XL Lossless', codec: null },
  '1.2.840.10008.1.2.4.112': { name: 'JPEG XL', codec: null },
  '1.2.840.10008.1.2.4.201': { name: 'HTJ2K Lossless', codec: null },
  '1.2.840.10008.1.2.4.203': { name: 'HTJ2K', codec: null },
};

/** A volume whose frames together exceed this is refused: it would not fit a browser tab. */
const MAX_VOLUME_BYTES = 2 * 2 ** 30;

const hasDicm = (bytes: Uint8Array) => bytes.length > 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';

/**
 * Parses a Part 10 file (PS3.10 §7.1) or a bare data set (sniffBareDicom). Returns the data set and,
 * for a bare one, a note on how it was read.
 */
function parse(bytes: Uint8Array): { ds: DataSet; bare: string | null } {
  let input = bytes;
  let bare: string | null = null;
  const options: Record<string, unknown> = {
    // Deflated transfer syntax: dicom-parser hands us the deflated rest of the file.
    inflater: (whole: Uint8Array, position: number) => {
      const inflated = inflateSync(whole.subarray(position));
      const out = new Uint8Array(position + inflated.length);
      out.set(whole.subarray(0, position));
      out.set(inflated, position);
      return out;
    },
  };
  if (!hasDicm(bytes)) {
    const found = sniffBareDicom(bytes);
    const stray = found?.offset ? `; ${found.offset} stray byte${found.offset > 1 ? 's' : ''} before it skipped` : '';
    if (found?.syntax === 'file-meta') {
      input = new Uint8Array(132 + bytes.length - found.offset);
      input.set([0x44, 0x49, 0x43, 0x4d], 128);
      input.set(bytes.subarray(found.offset), 132);
      bare = `no 128-byte preamble or DICM prefix${stray}`;
    } else if (found) {
      input = bytes.subarray(found.offset);
      options.TransferSyntaxUID = found.syntax;
      bare = `no preamble, DICM prefix or file meta; read as ${TRANSFER_SYNTAXES[found.syntax].name}${stray}`;
    }
  }
  try {
    return { ds: dicomParser.parseDicom(input, options as Parameters<typeof dicomParser.parseDicom>[1]), bare };
  } catch (e) {
    const message = typeof e === 'string' ? e : e instanceof Error ? e.message : String((e as { exception?: string }).exception ?? e);
    throw new DicomError(`the DICOM file is truncated or corrupt (${message.replace(/^dicomParser\.\w+: /, '')})`);
  }
}

const ushort = (ds: DataSet, tag: string): number | undefined => (ds.elements[tag] ? ds.uint16(tag) : undefined);

function pixelModule(ds: DataSet): PixelModule {
  const bitsAllocated = ushort(ds, 'x00280100') ?? 0;
  const frames = Number(ds.string('x00280008') ?? 1);
  return {
    rows: ushort(ds, 'x00280010') ?? 0,
    columns: ushort(ds, 'x00280011') ?? 0,
    samples: ushort(ds, 'x00280002') ?? 1,
    bitsAllocated,
    bitsStored: ushort(ds, 'x00280101') ?? bitsAllocated,
    signed: ushort(ds, 'x00280103') === 1,
    photometric: (ds.string('x00280004') ?? 'MONOCHROME2').trim().toUpperCase(),
    planar: ushort(ds, 'x00280006') === 1,
    frames: Number.isFinite(frames) ? Math.max(1, frames) : 1,
    float: ds.elements.x7fe00010 ? 0 : ds.elements.x7fe00008 ? 32 : 64,
  };
}

/** Why this file cannot be read, or null: every refusal names what the file holds. */
function refusal(px: PixelModule, codec: Codec, syntax: string): string | null {
  const colour = px.photometric === 'RGB' || px.photometric.startsWith('YBR');
  const what = `this DICOM's ${px.photometric} image`;
  if (px.rows <= 0 || px.columns <= 0) return 'the DICOM image has no size (Rows/Columns missing)';
  if (px.rows * px.columns > MAX_PIXELS) return `the image is too large (${px.columns}×${px.rows})`;
  if (px.samples !== 1 && px.samples !== 3) return `${what} has ${px.samples} samples per pixel; only 1 (grey) or 3 (colour) are read`;
  if (px.float) {
    if (codec !== 'native' && codec !== 'deflate' && codec !== 'deflated-frames') return `float pixel data cannot be in ${syntax}`;
    if (px.samples !== 1) return `float pixel data with ${px.samples} samples per pixel is not read (only grey)`;
  } else {
    if (![1, 8, 16, 32].includes(px.bitsAllocated)) return `${what} has ${px.bitsAllocated} Bits Allocated; 1, 8, 16 or 32 are read`;
    if (px.bitsStored > 16) return `${what} stores ${px.bitsStored}-bit integer samples; at most 16 bits are read`;
  }
  if (px.photometric === 'MONOCHROME1' || px.photometric === 'MONOCHROME2') {
    return px.samples === 1 ? null : `${what} has ${px.samples} samples per pixel; MONOCHROME needs 1`;
  }
  if (!colour) return `${what} is not read (Photometric Interpretation ${px.photometric}: only MONOCHROME1/2, RGB and YBR are)`;
  if (px.samples !== 3) return `${what} has ${px.samples} sample per pixel; colour needs 3`;
  const compressedOnly = px.photometric === 'YBR_ICT' || px.photometric === 'YBR_RCT' || px.photometric === 'YBR_PARTIAL_420';
  if (compressedOnly && codec !== 'jpeg2000') return `${what} is only defined for JPEG 2000 or MPEG pixel data, but this file's is ${syntax}`;
  if (isChroma422(px.photometric) && px.columns % 2) return `${what} has an odd number of columns (${px.columns}); 4:2:2 chroma needs an even number`;
  return null;
}

function facts(ds: DataSet, px: PixelModule, syntax: string, values: FrameValues, bare: string | null): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (label: string, value: string | undefined) => {
    if (value && value.trim()) out.push([label, value.trim()]);
  };
  const fromGroups = values.functionalGroups ? ' (functional groups)' : '';
  add('Modality', ds.string('x00080060'));
  add('Size', `${px.columns} × ${px.rows}${px.frames > 1 ? ` × ${px.frames} frames` : ''}`);
  add('Pixel spacing', values.pixelSpacing ? `${values.pixelSpacing.join(' × ')} mm` : undefined);
  add('Bits', px.float ? `${px.float}-bit float` : `${px.bitsStored} stored of ${px.bitsAllocated}, ${px.signed ? 'signed' : 'unsigned'}`);
  add('Photometric', px.photometric);
  const r = values.rescale;
  if (r) add('Rescale', `× ${r.slope} + ${r.intercept}${r.type ? ` (${r.type})` : ''}${fromGroups}`);
  if (values.modalityLut) add('Modality LUT', `applied (${values.modalityLut.data.length} entries from ${values.modalityLut.first})`);
  add('File window', values.window ? `centre ${values.window.center}, width ${values.window.width}${fromGroups}` : undefined);
  if (values.notApplied.length) add('Not applied', `${values.notApplied.join(', ')} (a linear window is used)`);
  add('Transfer syntax', syntax);
  if (bare) add('File meta', bare);
  add('Body part', ds.string('x00180015'));
  add('Study date', ds.string('x00080020'));
  return out;
}

/** RGB samples (8 or 16 bits, interleaved) from the decoded colour samples, per PS3.3 §C.7.6.3.1.2. */
function toRgb(values: Samples, px: PixelModule, codec: Codec): Samples {
  const pixels = px.rows * px.columns;
  const max = 2 ** px.bitsStored - 1;
  if (isChroma422(px.photometric)) return ybrToRgb(upsample422(values, pixels), max, px.photometric === 'YBR_PARTIAL_422');
  const native = codec === 'native' || codec === 'deflate' || codec === 'deflated-frames';
  // Codecs output colour-by-pixel whatever Planar Configuration says.
  const interleaved = px.planar && native ? planarToInterleaved(values, pixels) : values;
  return px.photometric === 'YBR_FULL' ? ybrToRgb(interleaved, max) : interleaved;
}

/**
 * A SEG's image frame `frame` as a label image of segment numbers (decode/dicomSeg.ts), with the
 * segments' numbers and labels in its facts: what a SEG dropped as ground truth means.
 */
async function segAsLabelImage(ds: DataSet, px: PixelModule, codec: Codec, bigEndian: boolean, map: SegFrameMap, frame: number, bare: string | null): Promise<Raster> {
  const pixels = px.rows * px.columns;
  const data = await segLabelFrame(map, frame, pixels, async (k) => (await frameSamples(ds, px, codec, bigEndian, k)).values);
  const values = frameValues(ds, 0, false);
  const scan: ScanInfo = {
    format: 'DICOM',
    frames: map.sourceFrames,
    frame,
    invert: false,
    window: null,
    pixelSpacing: values.pixelSpacing,
    segmentation: true,
    bitsStored: data instanceof Uint8Array ? 8 : 16,
    signed: false,
    rescale: null,
    facts: [
      ['Object', `DICOM Segmentation (${map.segments.length} segment${map.segments.length === 1 ? '' : 's'}), read as a label image`],
      ['Segments', map.segments.map((s) => `${s.number} = ${s.label}`).join(', ')],
      ...(bare ? ([['Read as', bare]] as [string, string][]) : []),
    ],
  };
  return { width: px.columns, height: px.rows, channels: 1, data, bitDepth: data instanceof Uint8Array ? 8 : 16, scan };
}

/** Frame `frame` (0-based) of a DICOM file as a raster, with its scan facts (PS3.3 §C.7.6.3, §C.11). */
export async function decodeDicom(bytes: Uint8Array, frame = 0): Promise<Raster> {
  const { ds, bare } = parse(bytes);
  const uid = (ds.string('x00020010') ?? '1.2.840.10008.1.2').replace(/\0/g, '').trim();
  const syntax = TRANSFER_SYNTAXES[uid];
  if (!syntax) throw new DicomError(`this DICOM's transfer syntax ${uid} is not one this app knows`);
  if (!syntax.codec) throw new DicomError(`unsupported DICOM transfer syntax: ${syntax.name} (${uid}); export it uncompressed, RLE, JPEG Baseline, JPEG Lossless or JPEG 2000`);
  if (!pixelDataElement(ds)) {
    const sopClass = ds.string('x00080016') ?? 'unknown';
    throw new DicomError(`this DICOM has no image (no Pixel Data; SOP class ${sopClass}: a report, structured document or other non-image object)`);
  }
  const px = pixelModule(ds);
  const refused = refusal(px, syntax.codec, syntax.name);
  if (refused) throw new DicomError(refused);
  const volumeBytes = px.rows * px.columns * px.samples * px.frames * Math.max(1, (px.float || px.bitsAllocated) / 8);
  if (volumeBytes > MAX_VOLUME_BYTES) {
    throw new DicomError(`this 3-D volume is too large for memory here (${px.frames} frames of ${px.columns}×${px.rows}, ${Math.round(volumeBytes / 2 ** 20)} MiB)`);
  }
  const pixels = px.rows * px.columns;
  const isSeg = (ds.string('x00080016') ?? '').trim() === SEG_SOP_CLASS;
  const segMap = isSeg ? segFrameMap(ds, px.frames) : null;
  const frameCount = segMap ? segMap.sourceFrames : px.frames;
  if (frame < 0 || frame >= frameCount) throw new DicomError(`frame ${frame + 1} does not exist (the file has ${frameCount})`);

  if (segMap) return segAsLabelImage(ds, px, syntax.codec, syntax.bigEndian ?? false, segMap, frame, bare);
  const decoded = await frameSamples(ds, px, syntax.codec, syntax.bigEndian ?? false, frame);
  const values = frameValues(ds, frame, px.signed);
  const scan: ScanInfo = {
    format: 'DICOM',
    frames: px.frames,
    frame,
    invert: px.photometric === 'MONOCHROME1',
    window: values.window,
    pixelSpacing: values.pixelSpacing,
    bitsStored: px.float || px.bitsStored,
    signed: px.signed || px.float > 0,
    rescale: values.rescale ? { slope: values.rescale.slope, intercept: values.rescale.intercept } : null,
    facts: facts(ds, px, syntax.name, values, bare),
    dicom: {
      sopClassUid: ds.string('x00080016') ?? '',
      sopInstanceUid: ds.string('x00080018') ?? '',
      studyInstanceUid: ds.string('x0020000d') ?? '',
      seriesInstanceUid: ds.string('x0020000e') ?? '',
      frameOfReferenceUid: ds.string('x00200052') ?? null,
      patientId: ds.string('x00100020') ?? '',
      patientName: ds.string('x00100010') ?? '',
      studyDate: ds.string('x00080020') ?? '',
      modality: (ds.string('x00080060') ?? '').trim(),
    },
  };
  if (decoded.values instanceof Float32Array) return { width: px.columns, height: px.rows, channels: 1, data: decoded.values, bitDepth: 32, scan };
  if (px.samples === 3) {
    const rgb = decoded.rgbDecoded ? decoded.values : toRgb(decoded.values, px, syntax.codec);
    const raster = rasterFromInterleaved(px.columns, px.rows, 3, rgb as Uint8Array | Uint16Array, px.bitsAllocated > 8 ? 16 : 8);
    return { ...raster, scan: { ...scan, invert: false } };
  }

  // Stored bits only (at most 16, checked above), sign-extended when signed, then the modality transform.
  const stored = decoded.values;
  const bits = px.bitsAllocated === 1 ? 1 : px.bitsStored;
  const mask = 2 ** bits - 1;
  const signBit = 2 ** (bits - 1);
  const { rescale, modalityLut } = values;
  if (!px.signed && !rescale && !modalityLut) {
    const out = px.bitsAllocated <= 8 ? new Uint8Array(pixels) : new Uint16Array(pixels);
    for (let i = 0; i < pixels; i++) out[i] = stored[i] & mask;
    return { width: px.columns, height: px.rows, channels: 1, data: out, bitDepth: px.bitsAllocated <= 8 ? 8 : 16, scan };
  }
  const out = new Float32Array(pixels);
  for (let i = 0; i < pixels; i++) {
    let v = stored[i] & mask;
    if (px.signed && v >= signBit) v -= 2 * signBit;
    out[i] = modalityLut ? applyLut(modalityLut, v) : rescale ? v * rescale.slope + rescale.intercept : v;
  }
  return { width: px.columns, height: px.rows, channels: 1, data: out, bitDepth: 32, scan };
}
