/**
 * Turns what the user dropped, picked or pasted into SourceFiles with their relative paths,
 * walking dropped folders (so `images/` and `masks/` keep their names for pairing).
 */
import { type SourceFile } from '../state/types';

function toSource(file: File, path?: string): SourceFile {
  const relative = path ?? (file.webkitRelativePath || file.name);
  return { path: relative.replace(/^\/+/, ''), size: file.size, blob: file };
}

export function fromFileList(list: FileList | readonly File[]): SourceFile[] {
  return Array.from(list).map((f) => toSource(f));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: SourceFile[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push(toSource(file, entry.fullPath));
    return;
  }
  if (entry.isDirectory) {
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most ~100 entries per call; keep reading until it returns none.
    for (let batch = await readEntries(reader); batch.length > 0; batch = await readEntries(reader)) {
      for (const child of batch) await walk(child, out);
    }
  }
}

export async function fromDataTransfer(data: DataTransfer): Promise<SourceFile[]> {
  const entries = Array.from(data.items)
    .map((item) => (item.kind === 'file' ? item.webkitGetAsEntry() : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return fromFileList(data.files);
  const out: SourceFile[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}
