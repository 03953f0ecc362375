// Fails when TF.js reaches the page's entry chunk: TF.js belongs to the engine worker. One value
// import of a TF.js module from ui/, state/ or export/ is enough to pull all of it into the page
// (1.2 MB instead of 0.3 MB). Run after `vite build` (npm run build, the e2e global setup).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Throws naming the chunk when an entry chunk in `dir` contains TF.js; returns one line per chunk. */
export function checkEntryChunk(dir = 'dist/assets') {
  const entries = readdirSync(dir).filter((name) => /^index-.*\.js$/.test(name));
  if (entries.length === 0) throw new Error(`check-bundle: no entry chunk (index-*.js) in ${dir}; run vite build first`);
  return entries.map((name) => {
    const path = join(dir, name);
    const hits = readFileSync(path, 'utf8').match(/tfjs[-\w]*/g) ?? [];
    const kB = (statSync(path).size / 1000).toFixed(1);
    if (hits.length > 0) {
      throw new Error(`check-bundle: ${path} (${kB} kB) contains TF.js (${[...new Set(hits)].slice(0, 5).join(', ')}); only the engine worker may import it`);
    }
    return `check-bundle: ${path} ${kB} kB, no TF.js`;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    for (const line of checkEntryChunk(process.argv[2])) console.log(line);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
