/**
 * Loads a model from disk for the command-line tools, through the same loader as the app: a
 * folder (its model.json, weight files and unet-studio.json) or a single model file (a TF.js
 * model.json with the files beside it, a Keras .h5 or .keras). Node only.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { loadModel } from '../ml/model-io/loadModel';
import { type NamedBytes } from '../model/modelSource';
import { type SegmentationModel } from '../ml/segmentationModel';

/** Beside a model file, the files that can belong to it (weights, settings), not other models. */
const COMPANION = /\.(bin|json)$/i;

/**
 * The files of a model on disk, as the app would be given them: a folder's model.json with its
 * weight files and unet-studio.json, or a model file with the weights and settings beside it.
 * @throws Error when the path or the folder's model.json does not exist
 */
export function modelFilesFromDisk(pathOrFolder: string): NamedBytes[] {
  if (!existsSync(pathOrFolder)) throw new Error(`model not found: ${pathOrFolder}`);
  const isFolder = statSync(pathOrFolder).isDirectory();
  const folder = isFolder ? pathOrFolder : dirname(pathOrFolder);
  const entry = isFolder ? join(folder, 'model.json') : pathOrFolder;
  if (!existsSync(entry)) throw new Error(`no model.json in ${folder}`);
  const companions = /\.json$/i.test(entry)
    ? readdirSync(folder).filter((n) => COMPANION.test(n) && join(folder, n) !== entry && (n === 'unet-studio.json' || !/\.json$/i.test(n)))
    : readdirSync(folder).filter((n) => n === 'unet-studio.json');
  // Named after the folder, so a model called model.json takes the folder's name.
  const named = (path: string): NamedBytes => ({ name: `${basename(folder)}/${basename(path)}`, bytes: new Uint8Array(readFileSync(path)) });
  return [named(entry), ...companions.map((n) => named(join(folder, n)))];
}

export async function loadModelFromDisk(pathOrFolder: string): Promise<SegmentationModel> {
  const { model } = await loadModel({ kind: 'files', files: modelFilesFromDisk(pathOrFolder) });
  return model;
}
