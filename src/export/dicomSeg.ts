/**
 * A DICOM Segmentation (SEG, binary, one segment, one frame) of a predicted mask, referencing the
 * source image (and its frame) by UIDs so a DICOM viewer overlays it on that image. Written with
 * dcmjs (dcmjs-org), loaded only when a SEG is exported. Patient and study identifiers are copied
 * from the source, as a SEG must carry them; the file is made on this machine and goes nowhere.
 */
import dcmjs from 'dcmjs';
import { type BinaryMask } from '../image/mask';
import { type ScanInfo } from '../image/raster';

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

/** 1 bit per pixel, least significant bit first, padded to an even number of bytes. */
export function packBits(mask: Uint8Array): ArrayBuffer {
  const bytes = Math.ceil(mask.length / 8);
  const out = new Uint8Array(bytes + (bytes % 2));
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[i >> 3] |= 1 << (i & 7);
  return out.buffer;
}

const code = (value: string, scheme: string, meaning: string) => ({ CodeValue: value, CodingSchemeDesignator: scheme, CodeMeaning: meaning });
const pad2 = (n: number) => String(n).padStart(2, '0');

export function dicomSeg(source: SegSource): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const { scan, mask } = source;
  const ref = scan.dicom;
  const sopInstanceUid = DicomMetaDictionary.uid();
  const date = `${source.now.getFullYear()}${pad2(source.now.getMonth() + 1)}${pad2(source.now.getDate())}`;
  const time = `${pad2(source.now.getHours())}${pad2(source.now.getMinutes())}${pad2(source.now.getSeconds())}`;
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
    ContentDescription: `Model ${source.modelName}, threshold ${source.threshold}`,
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
    SegmentSequence: [
      {
        SegmentNumber: 1,
        SegmentLabel: 'Foreground',
        SegmentAlgorithmType: 'AUTOMATIC',
        SegmentAlgorithmName: source.modelName,
        SegmentedPropertyCategoryCodeSequence: [code('91723000', 'SCT', 'Anatomical Structure')],
        SegmentedPropertyTypeCodeSequence: [code('85756007', 'SCT', 'Tissue')],
      },
    ],
    DimensionOrganizationSequence: [{ DimensionOrganizationUID: DicomMetaDictionary.uid() }],
    SharedFunctionalGroupsSequence: [
      { ...(scan.pixelSpacing ? { PixelMeasuresSequence: [{ PixelSpacing: [...scan.pixelSpacing], SliceThickness: 1 }] } : {}) },
    ],
    PerFrameFunctionalGroupsSequence: [
      {
        DerivationImageSequence: [{ SourceImageSequence: [sourceImage], DerivationCodeSequence: [code('113076', 'DCM', 'Segmentation')] }],
        FrameContentSequence: [{ DimensionIndexValues: [1] }],
        SegmentIdentificationSequence: [{ ReferencedSegmentNumber: 1 }],
      },
    ],
    NumberOfFrames: '1',
    Rows: mask.height,
    Columns: mask.width,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    BitsAllocated: 1,
    BitsStored: 1,
    HighBit: 0,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    PixelData: packBits(mask.data),
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
