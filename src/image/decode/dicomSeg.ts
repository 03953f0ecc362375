/**
 * A DICOM Segmentation object (SEG, PS3.3 §A.51) read as a label image, the way a SEG is meant when
 * it is dropped as ground truth: its frames are (segment, source frame) pairs, so frame k of the
 * SEG is not frame k of anything a user sees. Here "frame f" of a SEG is the f-th image frame it
 * refers to, and its pixels hold the segment number that covers them (0 = none; a later segment
 * wins where two overlap). Read like this, a SEG with one segment per structure of a 2-D image is
 * one label map, and a binary model's ground truth is every segment together, instead of the first
 * segment alone (which is what reading SEG frame 0 as an image gives).
 *
 * Which image frame a SEG frame refers to: its Derivation Image → Source Image Sequence's
 * Referenced Frame Number (per-frame functional groups), else its position in the frames of its
 * segment (the k-th frame of each segment is image frame k — the order writers such as dcmjs and
 * highdicom use when they give no reference). FRACTIONAL segments count where the value is above
 * half of Maximum Fractional Value.
 */
import { type DataSet } from 'dicom-parser';
import { PER_FRAME_GROUPS, SHARED_GROUPS } from './dicomFrame';

export const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';

export interface SegmentInfo {
  readonly number: number;
  readonly label: string;
}

export interface SegFrameMap {
  readonly segments: SegmentInfo[];
  /** For each SEG frame (0-based): its segment number and the image frame it covers (0-based index into `sourceFrames`). */
  readonly frames: ReadonlyArray<{ readonly segment: number; readonly source: number }>;
  /** How many image frames the SEG covers. */
  readonly sourceFrames: number;
  /** Cut for FRACTIONAL segmentations (values above it are in the segment); 0 for BINARY. */
  readonly cut: number;
}

function item(ds: DataSet | undefined, tag: string): DataSet | undefined {
  return ds?.elements[tag]?.items?.[0]?.dataSet;
}

/** Which segment and which image frame each SEG frame is, from the functional groups. */
export function segFrameMap(ds: DataSet, frameCount: number): SegFrameMap {
  const segments = (ds.elements.x00620002?.items ?? []).map((it, i) => ({
    number: it.dataSet?.uint16('x00620004') ?? i + 1,
    label: (it.dataSet?.string('x00620005') ?? `segment ${i + 1}`).trim(),
  }));
  const perFrame = ds.elements[PER_FRAME_GROUPS]?.items ?? [];
  const shared = ds.elements[SHARED_GROUPS]?.items?.[0]?.dataSet;
  const raw = Array.from({ length: frameCount }, (_, f) => {
    const groups = perFrame[f]?.dataSet;
    const segment = item(groups, 'x0062000a')?.uint16('x0062000b') ?? item(shared, 'x0062000a')?.uint16('x0062000b') ?? segments[0]?.number ?? 1;
    const derivation = item(groups, 'x00089124');
    const referenced = item(derivation, 'x00082112')?.intString('x00081160');
    return { segment, referenced: referenced !== undefined && Number.isFinite(referenced) ? referenced : null };
  });
  let frames: { segment: number; source: number }[];
  if (raw.every((r) => r.referenced !== null)) {
    const distinct = [...new Set(raw.map((r) => r.referenced as number))].sort((a, b) => a - b);
    frames = raw.map((r) => ({ segment: r.segment, source: distinct.indexOf(r.referenced as number) }));
  } else {
    const seen = new Map<number, number>();
    frames = raw.map((r) => {
      const k = seen.get(r.segment) ?? 0;
      seen.set(r.segment, k + 1);
      return { segment: r.segment, source: k };
    });
  }
  const fractional = (ds.string('x00620001') ?? '').trim() === 'FRACTIONAL';
  const maxFraction = ds.uint16('x00620010') ?? 255;
  return { segments, frames, sourceFrames: Math.max(1, ...frames.map((f) => f.source + 1)), cut: fractional ? maxFraction / 2 : 0 };
}

/**
 * The label image of image frame `frame`: segment numbers, from the SEG frames that cover it
 * (`frameAt(k)` gives SEG frame k's samples).
 */
export async function segLabelFrame(map: SegFrameMap, frame: number, pixels: number, frameAt: (k: number) => Promise<ArrayLike<number>>): Promise<Uint8Array | Uint16Array> {
  const out = Math.max(0, ...map.segments.map((s) => s.number)) > 255 ? new Uint16Array(pixels) : new Uint8Array(pixels);
  for (let k = 0; k < map.frames.length; k++) {
    const { segment, source } = map.frames[k];
    if (source !== frame) continue;
    const values = await frameAt(k);
    for (let i = 0; i < pixels; i++) if (values[i] > map.cut) out[i] = segment;
  }
  return out;
}
