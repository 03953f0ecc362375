/** Loads a TF.js layers model and its `unet-studio.json` from disk (Node only). */
import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { artifactsFromModelJson } from '../ml/model-io/artifacts';
import { METADATA_FILE, parseMetadata } from '../ml/metadata';
import { loadSegmentationModel, type SegmentationModel } from '../ml/segmentationModel';

export function resolveModelJson(pathOrFolder: string): string {
  if (!existsSync(pathOrFolder)) throw new Error(`model not found: ${pathOrFolder}`);
  return statSync(pathOrFolder).isDirectory() ? join(pathOrFolder, 'model.json') : pathOrFolder;
}

export async function loadModelFromDisk(pathOrFolder: string): Promise<SegmentationModel> {
  const modelJsonPath = resolveModelJson(pathOrFolder);
  const folder = dirname(modelJsonPath);
  const json: unknown = JSON.parse(readFileSync(modelJsonPath, 'utf8'));
  const artifacts = await artifactsFromModelJson(json, async (path) => {
    const file = join(folder, path);
    return existsSync(file) ? new Uint8Array(readFileSync(file)) : null;
  });
  const metadataPath = join(folder, METADATA_FILE);
  const metadata = parseMetadata(
    existsSync(metadataPath) ? JSON.parse(readFileSync(metadataPath, 'utf8')) : null,
    basename(folder),
  );
  return loadSegmentationModel(tf.io.fromMemory(artifacts), metadata);
}
