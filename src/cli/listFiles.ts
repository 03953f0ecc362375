/**
 * The files of a folder and its subfolders, sorted, named `<as>/<relative path>` so that pairing
 * sees images/ and masks/ apart and same-named files of different subfolders stay distinct.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @param dir the folder given on the command line
 * @param as what the folder holds ("images", "masks"): the prefix of each `path`
 * @throws Error naming the option's folder when it does not exist or is a file (not Node's bare ENOENT)
 */
export function listFiles(dir: string, as: string): Array<{ path: string; full: string }> {
  if (!existsSync(dir)) throw new Error(`the ${as} folder ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new Error(`the ${as} folder ${dir} is a file, not a folder`);
  const out: Array<{ path: string; full: string }> = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listFiles(full, `${as}/${name}`));
    else if (statSync(full).isFile()) out.push({ path: `${as}/${name}`, full });
  }
  return out;
}
