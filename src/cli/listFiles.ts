/** The files of a folder, sorted, named `<as>/<name>` so that pairing sees images/ and masks/ apart. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function listFiles(dir: string, as: string): Array<{ path: string; full: string }> {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort()
    .map((name) => ({ path: `${as}/${name}`, full: join(dir, name) }));
}
