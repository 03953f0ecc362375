/** Where a model comes from, and what format it turned out to be: plain data, no TF.js. */

export interface NamedBytes {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export type ModelSource = { readonly kind: 'url'; readonly url: string } | { readonly kind: 'files'; readonly files: readonly NamedBytes[] };

export type ModelFormat = 'tfjs-layers' | 'tfjs-graph' | 'keras-h5' | 'keras-json+h5' | 'keras3';

/** File names that belong to a model rather than to the images (routing dropped files). */
export function isModelFileName(name: string): boolean {
  return /\.(json|h5|hdf5|keras|bin|zip)$/i.test(name);
}
