/**
 * What a DICOM says about one frame's values and geometry: the modality transform (Rescale
 * Slope/Intercept or a Modality LUT), the file's VOI window and the pixel spacing. Classic images give
 * them as top-level attributes; the Enhanced IODs (Enhanced CT/MR/US/XA, PS3.3 §C.7.6.16) give them in
 * the Shared (5200,9229) and Per-Frame (5200,9230) Functional Groups, where a per-frame macro overrides
 * the shared one and both override top-level attributes.
 */
import { type DataSet } from 'dicom-parser';

/** Shared and Per-Frame Functional Groups Sequences (5200,9229 / 5200,9230) of an Enhanced or multi-frame IOD. */
export const SHARED_GROUPS = 'x52009229';
export const PER_FRAME_GROUPS = 'x52009230';
/** Functional group macros (PS3.3 §C.7.6.16.2): Pixel Measures, Frame VOI LUT, Pixel Value Transformation. */
const PIXEL_MEASURES = 'x00289110';
const FRAME_VOI_LUT = 'x00289132';
const PIXEL_VALUE_TRANSFORMATION = 'x00289145';

/** A look-up table: stored value `first` maps to `data[0]`; values outside repeat the end entries (PS3.3 §C.11.1.1). */
export interface Lut {
  readonly first: number;
  readonly data: Uint16Array;
}

/** One frame's modality transform, window and spacing, and where they came from. */
export interface FrameValues {
  /** Rescale (PS3.3 §C.11.1): modality value = stored × slope + intercept; null when the identity. */
  readonly rescale: { readonly slope: number; readonly intercept: number; readonly type: string } | null;
  /** Modality LUT Sequence (0028,3000), applied instead of a rescale when present (PS3.3 §C.11.1). */
  readonly modalityLut: Lut | null;
  /** First Window Center/Width (0028,1050/1051) given, in modality units (PS3.3 §C.11.2). */
  readonly window: { readonly center: number; readonly width: number } | null;
  /** Pixel Spacing (0028,0030), else Imager Pixel Spacing (0018,1164), else the Ultrasound Regions' physical deltas: row, column spacing in mm. */
  readonly pixelSpacing: readonly [number, number] | null;
  /** Present in the file and not applied (a VOI LUT is non-linear; the app windows linearly). */
  readonly notApplied: readonly string[];
  /** True when any value came from the functional groups (an Enhanced IOD). */
  readonly functionalGroups: boolean;
}

const numbers = (ds: DataSet | undefined, tag: string): number[] => {
  const text = ds?.string(tag);
  return text ? text.split('\\').map((v) => (v.trim() === '' ? NaN : Number(v))) : [];
};

/**
 * Pixel spacing of an ultrasound image from its Sequence of Ultrasound Regions (0018,6011; PS3.3
 * §C.8.5.5): the largest region whose physical units are centimetres in both directions (code 3),
 * Physical Delta X/Y (0018,602C/602E) in cm per pixel → mm. Null when no region is in cm (a
 * Doppler strip in cm/s, say, is not a length).
 */
export function ultrasoundRegionSpacing(ds: DataSet): [number, number] | null {
  let best: { area: number; spacing: [number, number] } | null = null;
  for (const item of ds.elements.x00186011?.items ?? []) {
    const r = item.dataSet;
    if (!r || r.uint16('x00186024') !== 3 || r.uint16('x00186026') !== 3) continue;
    const dx = r.double('x0018602c');
    const dy = r.double('x0018602e');
    if (!(dx !== undefined && dx > 0 && dy !== undefined && dy > 0)) continue;
    const area = Math.max(1, ((r.uint32('x0018601c') ?? 0) - (r.uint32('x00186018') ?? 0)) * ((r.uint32('x0018601e') ?? 0) - (r.uint32('x0018601a') ?? 0)));
    if (!best || area > best.area) best = { area, spacing: [dy * 10, dx * 10] };
  }
  return best?.spacing ?? null;
}

/** The single item of macro sequence `tag` for frame `frame`: per-frame first, then shared, else undefined. */
function macro(ds: DataSet, frame: number, tag: string): DataSet | undefined {
  const perFrame = ds.elements[PER_FRAME_GROUPS]?.items?.[frame]?.dataSet?.elements[tag]?.items?.[0]?.dataSet;
  return perFrame ?? ds.elements[SHARED_GROUPS]?.items?.[0]?.dataSet?.elements[tag]?.items?.[0]?.dataSet;
}

/** LUT Descriptor (entries, first stored value mapped, bits) and LUT Data of a LUT item (PS3.3 §C.11.1.1.1). */
function readLut(item: DataSet | undefined, signed: boolean): Lut | null {
  const descriptor = item?.elements.x00283002;
  const data = item?.elements.x00283006;
  if (!item || !descriptor || !data || descriptor.length < 6) return null;
  const entries = item.uint16('x00283002', 0) || 65536;
  const first = signed ? (item.int16('x00283002', 1) as number) : (item.uint16('x00283002', 1) as number);
  const wide = data.length >= entries * 2;
  if (!wide && data.length < entries) return null;
  const out = new Uint16Array(entries);
  for (let i = 0; i < entries; i++) out[i] = wide ? (item.uint16('x00283006', i) as number) : item.byteArray[data.dataOffset + i];
  return { first, data: out };
}

/** The frame's values, per PS3.3 §C.7.6.16.2 (functional groups) and §C.11 (top-level modules). */
export function frameValues(ds: DataSet, frame: number, signed: boolean): FrameValues {
  const transform = macro(ds, frame, PIXEL_VALUE_TRANSFORMATION);
  const voi = macro(ds, frame, FRAME_VOI_LUT);
  const measures = macro(ds, frame, PIXEL_MEASURES);
  const rescaleFrom = transform ?? ds;
  const [slope = 1] = numbers(rescaleFrom, 'x00281053');
  const [intercept = 0] = numbers(rescaleFrom, 'x00281052');
  const okSlope = Number.isFinite(slope) && slope !== 0 ? slope : 1;
  const okIntercept = Number.isFinite(intercept) ? intercept : 0;
  const type = (rescaleFrom.string('x00281054') ?? '').trim();
  const [center, width] = [numbers(voi ?? ds, 'x00281050')[0], numbers(voi ?? ds, 'x00281051')[0]];
  const spacing = numbers(measures, 'x00280030').length ? numbers(measures, 'x00280030') : numbers(ds, 'x00280030').length ? numbers(ds, 'x00280030') : numbers(ds, 'x00181164');
  const modalityLut = readLut(ds.elements.x00283000?.items?.[0]?.dataSet, signed);
  const notApplied: string[] = [];
  if ((voi ?? ds).elements.x00283010) notApplied.push('VOI LUT Sequence');
  const voiFunction = ((voi ?? ds).string('x00281056') ?? 'LINEAR').trim().toUpperCase();
  if (voiFunction !== 'LINEAR' && voiFunction !== '') notApplied.push(`VOI LUT Function ${voiFunction}`);
  if (ds.elements.x00283000 && !modalityLut) notApplied.push('Modality LUT Sequence (unreadable)');
  return {
    rescale: !modalityLut && (okSlope !== 1 || okIntercept !== 0) ? { slope: okSlope, intercept: okIntercept, type } : null,
    modalityLut,
    window: Number.isFinite(center) && Number.isFinite(width) && width > 0 ? { center, width } : null,
    pixelSpacing: spacing.length >= 2 && spacing.slice(0, 2).every((v) => Number.isFinite(v) && v > 0) ? [spacing[0], spacing[1]] : ultrasoundRegionSpacing(ds),
    notApplied,
    functionalGroups: Boolean(transform ?? voi ?? measures),
  };
}

/** Looks up `value` in `lut`, clamping to its ends (PS3.3 §C.11.1.1). */
export function applyLut(lut: Lut, value: number): number {
  const i = Math.min(lut.data.length - 1, Math.max(0, value - lut.first));
  return lut.data[i];
}
