/** The part of dcmjs (which ships no types) that the DICOM SEG export and the tests use. */
declare module 'dcmjs' {
  type Dataset = Record<string, unknown>;
  const dcmjs: {
    data: {
      DicomDict: new (meta: Dataset) => { dict: Dataset; write(options?: Record<string, unknown>): ArrayBuffer };
      DicomMetaDictionary: {
        denaturalizeDataset(dataset: Dataset): Dataset;
        naturalizeDataset(dataset: Dataset): Dataset;
        uid(): string;
      };
      DicomMessage: { readFile(buffer: ArrayBuffer): { meta: Dataset; dict: Dataset } };
      /** 8-bit sRGB ↔ 16-bit DICOM CIELab (PS3.3 C.10.7.1.1, D50), rounded and clamped. */
      Colors: { rgb82DICOMLAB(rgb: ArrayLike<number>): number[]; dicomlab2RGB8(lab: ArrayLike<number>): number[] };
    };
  };
  export default dcmjs;
}
