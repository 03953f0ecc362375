/**
 * The files of a folder and its subfolders, sorted, named `<as>/<relative path>` so that pairing
 * sees images/ and masks/ apart and same-named files of different subfolders stay distinct.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function listFiles(dir: string, as: string): Array<{ path: string; full: string }> {
  const out: Array<{ path: string; full: string }> = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, `${as}/${name}`));
    else if (statSync(full).isFile()) out.push({ path: `${as}/${name}`, full });
  }
  return out;
}
