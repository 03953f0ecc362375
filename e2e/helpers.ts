/** Node-side helpers for the journeys: reading exports and scoring masks with the app's own code. */
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { decodeImage } from '../src/image/decode';
import { maskFromRaster, type BinaryMask } from '../src/image/mask';
import { scoresFromConfusion, type Scores } from '../src/metrics/scores';
import { csvRecords } from '../src/files/csv';

export function readZip(path: string): Record<string, Uint8Array> {
  return unzipSync(new Uint8Array(readFileSync(path)));
}

export async function readMask(bytes: Uint8Array): Promise<BinaryMask & { values: Set<number> }> {
  const raster = await decodeImage(bytes);
  return { ...maskFromRaster(raster), values: new Set(raster.data) };
}

/** Scores of a predicted binary mask against the truth over the whole image. */
export function scoreMasks(predicted: BinaryMask, truth: BinaryMask): Scores {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < truth.data.length; i++) {
    const p = predicted.data[i] === 1;
    const t = truth.data[i] === 1;
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
    else tn++;
  }
  return scoresFromConfusion({ tp, fp, fn, tn });
}

export function parseCsv(text: string): Array<Record<string, string>> {
  return csvRecords(text);
}
