/**
 * A layers model as the two files of the TF.js format, `model.json` and one `weights.bin`:
 * plain data, so the page can zip and store models without loading TF.js.
 */

export interface LayersFiles {
  readonly modelJson: string;
  readonly weights: Uint8Array;
}

export const WEIGHTS_FILE = 'weights.bin';
