/**
 * A DICOM Segmentation (SEG, BINARY) of a prediction, referencing the source image (and its frame)
 * by UIDs so a DICOM viewer overlays it on that image: a binary mask is one segment in one frame;
 * a label map with its class table is one segment per class (SegmentLabel = the class name,
 * RecommendedDisplayCIELabValue = its colour through dcmjs's sRGB → DICOM CIELab conversion), one
 * frame per segment in class order, empty classes included, so segment k is always frame k
 * (PS3.3 C.8.20: frames of a BINARY SEG are 1-bit and packed end to end).
 * Written with dcmjs (dcmjs-org), loaded only when a SEG is exported. Patient and study
 * identifiers are copied from the source, as a SEG must carry them; the file is made on this
 * machine and goes nowhere.
 */
import dcmjs from 'dcmjs';
import { type LabelMap } from '../image/labelMap';
import { type BinaryMask } from '../image/mask';
import { type ScanInfo } from '../image/raster';
import { type ClassInfo, rgbOf } from '../model/classes';

export const SEG_SOP_CLASS = '1.2.840.10008.5.1.4.1.1.66.4';
const EXPLICIT_LITTLE = '1.2.840.10008.1.2.1';

export interface SegSource {
  readonly scan: ScanInfo & { readonly dicom: NonNullable<ScanInfo['dicom']> };
  readonly mask: BinaryMask;
  readonly modelName: string;
  readonly threshold: number;
  /** The time the SEG is made (its content date and time). */
  readonly now: Date;
}

/** A multi-class prediction: one segment per class of `classes` (class k = segment k). */
export interface LabelSegSource {
  readonly scan: SegSource['scan'];
  readonly labels: LabelMap;
  readonly classes: readonly ClassInfo[];
  readonly modelName: string;
  /** The time the SEG is made (its content date and time). */
  readonly now: Date;
}

/** 1 bit per pixel, least significant bit first, padded to an even number of bytes. */
export function packBits(mask: Uint8Array): ArrayBuffer {
  const bytes = Math.ceil(mask.length / 8);
  const out = new Uint8Array(bytes + (bytes % 2));
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[i >> 3] |= 1 << (i & 7);
  return out.buffer;
}

/**
 * One 0/1 frame per class 1 … `count`, end to end (class k's pixels in frame k).
 * @throws Error naming a pixel whose class is beyond `count`.
 */
export function segmentFrames(labels: LabelMap, count: number): Uint8Array {
  const n = labels.width * labels.height;
  const out = new Uint8Array(n * count);
  for (let i = 0; i < n; i++) {
    const k = labels.data[i];
    if (k > count) throw new Error(`pixel ${i} has class ${k}, beyond the ${count} classes of the table`);
    if (k > 0) out[(k - 1) * n + i] = 1;
  }
  return out;
}

const code = (value: string, scheme: string, meaning: string) => ({ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning });
const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * The SEG file's bytes (Explicit VR Little Endian, Part 10).
 * @throws Error when a label map holds a class beyond its table.
 */
export function dicomSeg(source: SegSource | LabelSegSource): Uint8Array {
  const { DicomDict, DicomMetaDictionary, Colors } = dcmjs.data;
  const { scan } = source;
  const labelled = 'labels' in source;
  const { width, height } = labelled ? source.labels : source.mask;
  const ref = scan.dicom;
  const sopInstanceUid = DicomMetaDictionary.uid();
  const date = `${source.now.getFullYear()}${pad2(source.now.getMonth() + 1)}${pad2(source.now.getDate())}`;
  const time = `${pad2(source.now.getHours())}${pad2(source.now.getMinutes())}${pad2(source.now.getSeconds())}`;
  const segments = labelled ? source.classes.map((c) => c.name) : ['Foreground'];
  const frames = labelled ? segmentFrames(source.labels, source.classes.length) : source.mask.data;
  const sourceImage = {
    ReferencedSOPClassUID: ref.sopClassUid,
    ReferencedSOPInstanceUID: ref.sopInstanceUid,
    ...(scan.frames > 1 ? { ReferencedFrameNumber: scan.frame + 1 } : {}),
    PurposeOfReferenceCodeSequence: [code('121322', 'DCM', 'Source image for image processing operation')],
  };
  const dataset = {
    SOPClassUID: SEG_SOP_CLASS,
    SOPInstanceUID: sopInstanceUid,
    Modality: 'SEG',
    Manufacturer: 'U-Net Studio',
    ManufacturerModelName: source.modelName,
    SoftwareVersions: '1',
    SeriesDescription: `U-Net Studio: ${source.modelName}`,
    SeriesNumber: 900,
    InstanceNumber: 1,
    ContentLabel: 'UNET_STUDIO',
    ContentDescription: labelled ? `Model ${source.modelName}, ${source.classes.length} classes` : `Model ${source.modelName}, threshold ${source.threshold}`,
    ContentCreatorName: 'U-Net Studio',
    ContentDate: date,
    ContentTime: time,
    SeriesDate: date,
    SeriesTime: time,
    ImageType: ['DERIVED', 'PRIMARY'],
    PatientID: ref.patientId,
    PatientName: ref.patientName,
    StudyInstanceUID: ref.studyInstanceUid,
    StudyDate: ref.studyDate,
    SeriesInstanceUID: DicomMetaDictionary.uid(),
    FrameOfReferenceUID: ref.frameOfReferenceUid ?? DicomMetaDictionary.uid(),
    ReferencedSeriesSequence: [{ SeriesInstanceUID: ref.seriesInstanceUid, ReferencedInstanceSequence: [{ ReferencedSOPClassUID: ref.sopClassUid, ReferencedSOPInstanceUID: ref.sopInstanceUid }] }],
    SegmentationType: 'BINARY',
    SegmentSequence: segments.map((label, i) => ({
      SegmentNumber: i + 1,
      SegmentLabel: label,
      SegmentAlgorithmType: 'AUTOMATIC',
      SegmentAlgorithmName: source.modelName,
      SegmentedPropertyCategoryCodeSequence: [code('91723000', 'SCT', 'Anatomical Structure')],
      SegmentedPropertyTypeCodeSequence: [code('85756007', 'SCT', 'Tissue')],
      ...(labelled ? { RecommendedDisplayCIELabValue: Colors.rgb82DICOMLAB(rgbOf(source.classes[i].color)) } : {}),
    })),
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: DicomMetaDictionary.uid() }],
    SharedFunctionalGroupsSequence: [
      { ...(scan.pixelSpacing ? { PixelMeasuresSequence: [{ PixelSpacing: [...scan.pixelSpacing], SliceThickness: 1 }] } : {}) },
    ],
    PerFrameFunctionalGroupsSequence: segments.map((_, i) => ({
      DerivationImageSequence: [{ SourceImageSequence: [sourceImage], DerivationCodeSequence: [code('113076', 'DCM', 'Segmentation')] }],
      FrameContentSequence: [{ DimensionIndexValues: [i + 1] }],
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: i + 1 }],
    })),
    NumberOfFrames: String(segments.length),
    Rows: height,
    Columns: width,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    PixelData: packBits(frames),
    _vrMap: { PixelData: 'OB' },
  };
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: SEG_SOP_CLASS,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: EXPLICIT_LITTLE,
    ImplementationClassUID: '2.25.170341139934471431557287839585186786466',
    ImplementationVersionName: 'UNETSTUDIO1',
  };
  const dict = new DicomDict(DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return new Uint8Array(dict.write());
}
