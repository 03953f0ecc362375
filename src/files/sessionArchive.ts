/**
 * A study as one file, to carry it to another computer or continue it next week: a ZIP (fflate,
 * already the app's ZIP library) holding the scans as dropped, the masks from files, the masks
 * corrected here, each image's region and window, the view and training settings, the model when
 * it is not the bundled one, and `unet-studio-session.json`, the manifest that ties them together.
 *
 * Reading is forgiving where it can be and exact where it must be: a file that is not a ZIP or has
 * no manifest is refused in one line; a manifest from a newer version, an image or mask missing
 * from the archive, or a value out of range is named in `problems` and the rest opens.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export const SESSION_MANIFEST = 'unet-studio-session.json';
export const SESSION_FORMAT = 'unet-studio-session';
/** Version written; a reader opens this and older versions, and what it can of newer ones. */
export const SESSION_VERSION = 1;

export interface SessionRegion {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

export interface SessionMask {
  /** Path of the mask's bytes in the archive. */
  readonly file: string;
  readonly origin: 'file' | 'corrected';
  /** The mask's path as dropped (file masks), for pairing and export names. */
  readonly path: string;
  readonly correction: { readonly modelDice: number; readonly threshold: number } | null;
}

export interface SessionImage {
  readonly id: string;
  readonly name: string;
  /** The scan's path as dropped, and where its bytes are in the archive. */
  readonly path: string;
  readonly file: string;
  readonly frame: number | null;
  readonly geometry: 'fit' | 'crop';
  readonly region: SessionRegion | null;
  readonly window: { readonly center: number; readonly width: number } | null;
  readonly mask: SessionMask | null;
}

export interface SessionModel {
  readonly name: string;
  /** True: the app's bundled model, not stored in the archive. */
  readonly bundled: boolean;
  /** Archive paths of model.json, weights and unet-studio.json when not bundled. */
  readonly files: readonly string[];
}

export interface SessionManifest {
  readonly format: typeof SESSION_FORMAT;
  readonly version: number;
  readonly savedAt: string;
  readonly model: SessionModel;
  /** Threshold, opacity, overlay style and palette as the user left them (checked when applied). */
  readonly view: Readonly<Record<string, unknown>>;
  /** Fine-tuning settings (checked when applied). */
  readonly training: Readonly<Record<string, unknown>>;
  readonly images: readonly SessionImage[];
}

/** The bytes of one file the session refers to. */
export type SessionFiles = Readonly<Record<string, Uint8Array>>;

/** The most a session may unpack to (declared sizes), to refuse a ZIP bomb before inflating it. */
export const MAX_SESSION_BYTES = 4 * 2 ** 30;

/** A file that is not a session at all (not a ZIP, no manifest, a manifest that is not one). */
export class SessionError extends Error {}

/** Archive path of a dropped file: kept under `folder/`, with `..` and leading slashes made harmless. */
export function archivePath(folder: string, path: string): string {
  return `${folder}/${path.replace(/^\/+/, '').replace(/(^|\/)\.\.(?=\/|$)/g, '$1__')}`;
}

/** Writes the archive: the manifest first, then every file it names (stored, since scans are compressed already). */
export function writeSession(manifest: SessionManifest, files: SessionFiles): Uint8Array {
  const entries: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    [SESSION_MANIFEST]: strToU8(`${JSON.stringify(manifest, null, 1)}\n`),
  };
  for (const [path, bytes] of Object.entries(files)) entries[path] = [bytes, { level: 0 }];
  return zipSync(entries);
}

/** True when the bytes are a ZIP with a session manifest (reads the ZIP's directory and the manifest only). */
export function isSessionArchive(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  try {
    return Object.hasOwn(unzipSync(bytes, { filter: (f) => f.name === SESSION_MANIFEST }), SESSION_MANIFEST);
  } catch {
    return false;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function readRegion(v: unknown): SessionRegion | null {
  if (!isObject(v) || !isFiniteNumber(v.x) || !isFiniteNumber(v.y) || !isFiniteNumber(v.size) || v.size <= 0) return null;
  return { x: v.x, y: v.y, size: v.size };
}

function readWindow(v: unknown): SessionImage['window'] {
  if (!isObject(v) || !isFiniteNumber(v.center) || !isFiniteNumber(v.width) || v.width <= 0) return null;
  return { center: v.center, width: v.width };
}

function readMask(v: unknown, files: SessionFiles, image: string, problems: string[]): SessionMask | null {
  if (v === null || v === undefined) return null;
  if (!isObject(v) || typeof v.file !== 'string' || (v.origin !== 'file' && v.origin !== 'corrected')) {
    problems.push(`the mask of ${image} is described wrongly in the manifest; the image opens without it`);
    return null;
  }
  if (!Object.hasOwn(files, v.file)) {
    problems.push(`the mask of ${image} (${v.file}) is missing from the archive; the image opens without it`);
    return null;
  }
  const c = v.correction;
  const correction = isObject(c) && isFiniteNumber(c.modelDice) && isFiniteNumber(c.threshold) ? { modelDice: c.modelDice, threshold: c.threshold } : null;
  return { file: v.file, origin: v.origin, path: typeof v.path === 'string' ? v.path : v.file, correction };
}

/**
 * Reads an archive written by `writeSession` (or by a newer version, as far as it can).
 * @throws SessionError when the bytes are not a ZIP or hold no usable manifest.
 */
export function readSession(bytes: Uint8Array, fileName: string, maxBytes = MAX_SESSION_BYTES): { manifest: SessionManifest; files: SessionFiles; problems: string[] } {
  let files: Record<string, Uint8Array>;
  try {
    // The manifest first; then only the files it names, and only if their declared sizes fit:
    // a small ZIP can inflate to gigabytes (a "ZIP bomb"), which would take the tab down.
    files = unzipSync(bytes, { filter: (f) => f.name === SESSION_MANIFEST });
  } catch (e) {
    throw new SessionError(`${fileName} is not a session file: it is not a readable ZIP (${(e as Error).message})`);
  }
  const raw = files[SESSION_MANIFEST];
  if (!raw) throw new SessionError(`${fileName} is not a session file: it has no ${SESSION_MANIFEST}`);
  let json: unknown;
  try {
    json = JSON.parse(strFromU8(raw));
  } catch (e) {
    throw new SessionError(`${fileName} is not a session file: its ${SESSION_MANIFEST} is not JSON (${(e as Error).message})`);
  }
  if (!isObject(json) || json.format !== SESSION_FORMAT || !isFiniteNumber(json.version)) {
    throw new SessionError(`${fileName} is not a session file: its ${SESSION_MANIFEST} is not a U-Net Studio session manifest`);
  }
  const named = new Set<string>();
  for (const v of Array.isArray(json.images) ? json.images : []) {
    if (isObject(v) && typeof v.file === 'string') named.add(v.file);
    if (isObject(v) && isObject(v.mask) && typeof v.mask.file === 'string') named.add(v.mask.file);
  }
  if (isObject(json.model) && Array.isArray(json.model.files)) for (const f of json.model.files) if (typeof f === 'string') named.add(f);
  let declared = 0;
  files = unzipSync(bytes, {
    filter: (f) => {
      if (!named.has(f.name)) return false;
      declared += f.originalSize;
      if (declared > maxBytes) throw new SessionError(`${fileName} declares more than ${Math.round(maxBytes / 2 ** 30)} GiB of files, more than this page opens at once; nothing was opened`);
      return true;
    },
  });
  const problems: string[] = [];
  if (json.version > SESSION_VERSION) {
    problems.push(`${fileName} was saved by a newer version of U-Net Studio (session version ${json.version}, this one reads ${SESSION_VERSION}); what this version understands was opened`);
  }
  const images: SessionImage[] = [];
  for (const [k, v] of (Array.isArray(json.images) ? json.images : []).entries()) {
    if (!isObject(v) || typeof v.file !== 'string' || typeof v.path !== 'string') {
      problems.push(`image ${k + 1} of the manifest is described wrongly and was left out`);
      continue;
    }
    const name = typeof v.name === 'string' ? v.name : v.path;
    if (!Object.hasOwn(files, v.file)) {
      problems.push(`${name} is missing from the archive (${v.file}) and was left out`);
      continue;
    }
    images.push({
      id: typeof v.id === 'string' ? v.id : v.path,
      name,
      path: v.path,
      file: v.file,
      frame: Number.isInteger(v.frame) && (v.frame as number) >= 0 ? (v.frame as number) : null,
      geometry: v.geometry === 'crop' ? 'crop' : 'fit',
      region: readRegion(v.region),
      window: readWindow(v.window),
      mask: readMask(v.mask, files, name, problems),
    });
  }
  const m = isObject(json.model) ? json.model : {};
  const modelFiles = Array.isArray(m.files) ? m.files.filter((f): f is string => typeof f === 'string') : [];
  const missingModel = modelFiles.filter((f) => !Object.hasOwn(files, f));
  if (missingModel.length > 0) problems.push(`the model's ${missingModel.join(', ')} ${missingModel.length === 1 ? 'is' : 'are'} missing from the archive; the model in use stays`);
  const model: SessionModel = {
    name: typeof m.name === 'string' ? m.name : 'model',
    bundled: m.bundled === true,
    files: missingModel.length > 0 ? [] : modelFiles,
  };
  const manifest: SessionManifest = {
    format: SESSION_FORMAT,
    version: json.version,
    savedAt: typeof json.savedAt === 'string' ? json.savedAt : '',
    model,
    view: isObject(json.view) ? json.view : {},
    training: isObject(json.training) ? json.training : {},
    images,
  };
  return { manifest, files, problems };
}
