import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { archivePath, isSessionArchive, readSession, SESSION_FORMAT, SESSION_MANIFEST, SESSION_VERSION, SessionError, type SessionManifest, writeSession } from './sessionArchive';

const manifest: SessionManifest = {
  format: SESSION_FORMAT,
  version: SESSION_VERSION,
  savedAt: '2026-11-30T10:00:00.000Z',
  model: { name: 'tiny', bundled: false, files: ['model/model.json', 'model/weights.bin'] },
  view: { threshold: 0.3, opacity: 0.6, overlay: 'outline', palette: 'okabe-ito' },
  training: { epochs: 3 },
  images: [
    {
      id: 'siteA/scan.png',
      name: 'siteA/scan.png',
      path: 'siteA/scan.png',
      file: 'images/siteA/scan.png',
      frame: null,
      geometry: 'crop',
      region: { x: 10, y: 0, size: 200 },
      window: { center: 100, width: 180 },
      mask: { file: 'corrected/1.png', origin: 'corrected', path: 'siteA/scan.png.corrected.png', correction: { modelDice: 0.8, threshold: 0.5 } },
    },
    { id: 'ct.dcm#2', name: 'ct.dcm#2', path: 'ct.dcm', file: 'images/ct.dcm', frame: 1, geometry: 'fit', region: null, window: null, mask: null },
  ],
};
const files = {
  'images/siteA/scan.png': Uint8Array.of(1, 2, 3),
  'images/ct.dcm': Uint8Array.of(4, 5),
  'corrected/1.png': Uint8Array.of(6),
  'model/model.json': strToU8('{}'),
  'model/weights.bin': Uint8Array.of(7, 8),
};

describe('session archive', () => {
  it('round-trips the manifest and every file byte for byte', () => {
    const bytes = writeSession(manifest, files);
    expect(isSessionArchive(bytes)).toBe(true);
    const read = readSession(bytes, 'study.zip');
    expect(read.problems).toEqual([]);
    expect(read.manifest).toEqual(manifest);
    for (const [path, data] of Object.entries(files)) expect(Array.from(read.files[path])).toEqual(Array.from(data));
  });

  it('refuses what is not a session in one line that names the file and the reason', () => {
    expect(() => readSession(strToU8('hello'), 'notes.txt')).toThrow(new SessionError('notes.txt is not a session file: it is not a readable ZIP (invalid zip data)'));
    const modelZip = zipSync({ 'model.json': strToU8('{}') });
    expect(isSessionArchive(modelZip)).toBe(false);
    expect(() => readSession(modelZip, 'model.zip')).toThrow(`model.zip is not a session file: it has no ${SESSION_MANIFEST}`);
    expect(() => readSession(zipSync({ [SESSION_MANIFEST]: strToU8('{"format":"other"}') }), 'x.zip')).toThrow('is not a U-Net Studio session manifest');
    expect(() => readSession(zipSync({ [SESSION_MANIFEST]: strToU8('{') }), 'x.zip')).toThrow(/its unet-studio-session.json is not JSON/);
  });

  it('opens what it can of a newer, damaged or incomplete session and names the rest', () => {
    const partial = Object.fromEntries(Object.entries(files).filter(([path]) => path !== 'images/ct.dcm' && path !== 'model/weights.bin'));
    const newer = { ...manifest, version: SESSION_VERSION + 1, images: [...manifest.images, { nonsense: true }] };
    const read = readSession(writeSession(newer as unknown as SessionManifest, partial), 'study.zip');
    expect(read.manifest.images.map((i) => i.id)).toEqual(['siteA/scan.png']);
    expect(read.manifest.model.files).toEqual([]);
    expect(read.problems).toEqual([
      `study.zip was saved by a newer version of U-Net Studio (session version ${SESSION_VERSION + 1}, this one reads ${SESSION_VERSION}); what this version understands was opened`,
      'ct.dcm#2 is missing from the archive (images/ct.dcm) and was left out',
      'image 3 of the manifest is described wrongly and was left out',
      "the model's model/weights.bin is missing from the archive; the model in use stays",
    ]);
  });

  it('keeps dropped paths inside their folder of the archive', () => {
    expect(archivePath('images', 'a/b.png')).toBe('images/a/b.png');
    expect(archivePath('images', '/../../etc/passwd')).toBe('images/__/__/etc/passwd');
    expect(archivePath('masks', 'x/../y.png')).toBe('masks/x/__/y.png');
  });

  it('names a file the manifest points at but the archive lacks, even one called like a built-in property', () => {
    const crafted = { ...manifest, model: { name: 'm', bundled: false, files: ['toString'] }, images: [{ ...manifest.images[1], id: 'p', name: 'p', file: 'constructor' }] };
    const read = readSession(writeSession(crafted, {}), 'x.zip');
    expect(read.manifest.images).toEqual([]);
    expect(read.manifest.model.files).toEqual([]);
    expect(read.problems).toEqual(['p is missing from the archive (constructor) and was left out', "the model's toString is missing from the archive; the model in use stays"]);
  });

  it('inflates only the files the manifest names, and refuses before inflating when they declare too much', () => {
    const bytes = writeSession(manifest, { ...files, 'extra/padding.bin': new Uint8Array(1000) });
    expect(Object.keys(readSession(bytes, 'study.zip').files).sort()).toEqual(Object.keys(files).sort());
    expect(() => readSession(bytes, 'study.zip', 4)).toThrow(new SessionError('study.zip declares more than 0 GiB of files, more than this page opens at once; nothing was opened'));
  });
});

