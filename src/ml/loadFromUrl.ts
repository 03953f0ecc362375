/**
 * Loads a model served over HTTP (the bundled one, or `?model=`), with its optional
 * `unet-studio.json` beside it. Fetches stay on whatever origin the URL names; the app only
 * passes same-origin URLs unless the user typed another.
 */
import { METADATA_FILE, parseMetadata } from './metadata';
import { loadSegmentationModel, type SegmentationModel } from './segmentationModel';

function folderName(url: URL): string {
  const parts = url.pathname.split('/').filter(Boolean);
  return parts.length >= 2 ? decodeURIComponent(parts[parts.length - 2]) : 'model';
}

export async function loadModelFromUrl(modelUrl: string): Promise<SegmentationModel> {
  const url = new URL(modelUrl);
  const response = await fetch(new URL(METADATA_FILE, url));
  const metadataJson: unknown = response.ok ? await response.json() : null;
  const metadata = parseMetadata(metadataJson, folderName(url));
  try {
    return await loadSegmentationModel(url.href, metadata);
  } catch (e) {
    throw new Error(`could not load the model at ${url.pathname}: ${(e as Error).message}`, { cause: e });
  }
}
