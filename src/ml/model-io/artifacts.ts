/**
 * Turns a parsed `model.json` plus a way to read its weight files into TF.js model artifacts,
 * naming any weight file that is missing or short. Used with `fs` under Node; the browser loads
 * by URL through TF.js itself.
 */
import type * as tf from '@tensorflow/tfjs';

export class ModelFilesError extends Error {}

interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>;
}

const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

function expectedBytes(entry: tf.io.WeightsManifestEntry): number {
  const quantized = entry.quantization?.dtype;
  const bytes = quantized ? DTYPE_BYTES[quantized] : DTYPE_BYTES[entry.dtype];
  return entry.shape.reduce((a, b) => a * b, 1) * (bytes ?? 4);
}

export async function artifactsFromModelJson(
  json: unknown,
  readWeightFile: (path: string) => Promise<Uint8Array | null>,
  fileName = 'model.json',
): Promise<tf.io.ModelArtifacts> {
  const model = json as ModelJson;
  if (!model || typeof model !== 'object' || !model.modelTopology || !Array.isArray(model.weightsManifest)) {
    throw new ModelFilesError(`${fileName} is not a TF.js model.json (it has no modelTopology and weightsManifest)`);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  const missing: string[] = [];
  for (const group of model.weightsManifest) {
    const groupChunks: Uint8Array[] = [];
    for (const path of group.paths) {
      const bytes = await readWeightFile(path);
      if (bytes === null) missing.push(path);
      else groupChunks.push(bytes);
    }
    const need = group.weights.reduce((sum, w) => sum + expectedBytes(w), 0);
    const have = groupChunks.reduce((sum, c) => sum + c.length, 0);
    if (groupChunks.length === group.paths.length && have < need) {
      throw new ModelFilesError(`weight file(s) ${group.paths.join(', ')} hold ${have} bytes; the manifest needs ${need}`);
    }
    weightSpecs.push(...group.weights);
    chunks.push(...groupChunks);
  }
  if (missing.length > 0) {
    throw new ModelFilesError(`missing weight file(s) for ${fileName}: ${missing.join(', ')} (drop them together with it, or put them beside it)`);
  }
  const total = chunks.reduce((sum, c) => sum + c.length, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    weightData.set(c, offset);
    offset += c.length;
  }
  const extra = model as ModelJson & { signature?: unknown; modelInitializer?: unknown };
  return {
    modelTopology: model.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData: weightData.buffer,
    format: model.format,
    signature: extra.signature as tf.io.ModelArtifacts['signature'],
    modelInitializer: extra.modelInitializer as tf.io.ModelArtifacts['modelInitializer'],
  };
}
