/** Moved to `src/model/metadata.ts` (TF-free); this relay stays only until `ml/model-io/` imports it from there. */
export * from '../model/metadata';
