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
    };
  };
  export default dcmjs;
}
