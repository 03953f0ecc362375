// Vite plugin: after the build, writes dist/sw.js from src/offline/sw-template.js with the list
// of every file in dist/ and a version hashed from their contents, so each deployment gets its
// own cache and an unchanged one keeps it.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export function precache() {
  let outDir = 'dist';
  return {
    name: 'unet-studio-precache',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const files = walk(outDir)
        .map((path) => relative(outDir, path).split(sep).join('/'))
        .filter((f) => f !== 'sw.js')
        .sort();
      const hash = createHash('sha256');
      for (const f of files) hash.update(f).update(readFileSync(join(outDir, f)));
      const version = hash.digest('hex').slice(0, 16);
      const template = readFileSync('src/offline/sw-template.js', 'utf8');
      writeFileSync(join(outDir, 'sw.js'), template.replace("'__VERSION__'", JSON.stringify(version)).replace('__FILES__', JSON.stringify(files)));
    },
  };
}
