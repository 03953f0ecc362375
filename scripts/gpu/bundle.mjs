/**
 * `npm run gpu:bundle [-- --js-only]` — prepares, in ignored folders, everything the GPU machine
 * needs for scripts/gpu/run.sh (issue #17): `.gpu-bundle/` (node and the Vulkan/GL loader
 * packages, by ../shared/gpu/make-bundle.sh) and `.gpu-run/` (measure.ts bundled by esbuild, the
 * npm `webgpu` entry with dawn.node xz-compressed, the HC18 test pairs and as many training
 * pairs as fit), all within the 64 MiB the device tool carries; prints the command, the folders
 * to carry and the timeout. `--js-only` (the smoke test) builds only the JS.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const LIMIT = 64 * 2 ** 20;
const MARGIN = 2 ** 20;
const RUN = '.gpu-run';
const DATA = '../shared/data';
const jsOnly = process.argv.includes('--js-only');

function size(path) {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  return s.isDirectory() ? readdirSync(path).reduce((sum, n) => sum + size(join(path, n)), 0) : s.size;
}
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

rmSync(join(RUN, 'measure.mjs'), { force: true });
mkdirSync(join(RUN, 'node_modules/webgpu/dist/linux-x64'), { recursive: true });
await build({
  entryPoints: ['scripts/gpu/measure.ts'],
  outfile: join(RUN, 'measure.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  external: ['webgpu'],
  banner: { js: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
});
for (const f of ['index.js', 'package.json']) copyFileSync(join('node_modules/webgpu', f), join(RUN, 'node_modules/webgpu', f));
if (jsOnly) {
  console.log(`built ${RUN}/measure.mjs (${mib(size(join(RUN, 'measure.mjs')))})`);
  process.exit(0);
}

rmSync(join(RUN, 'data'), { recursive: true, force: true });
const dawn = join(RUN, 'node_modules/webgpu/dist/linux-x64');
// Left by a smoke run (a link) or an unpacking: only the compressed copy is carried.
rmSync(join(dawn, 'dawn.node'), { force: true });
if (!existsSync(join(dawn, 'dawn.node.xz'))) {
  console.log('compressing dawn.node with xz …');
  execFileSync('sh', ['-c', `xz -T2 -6 -c node_modules/webgpu/dist/linux-x64/dawn.node > ${dawn}/dawn.node.xz`], { stdio: 'inherit' });
}
if (!existsSync('.gpu-bundle/node.xz')) {
  if (!existsSync('../shared/gpu/make-bundle.sh')) throw new Error('.gpu-bundle/node.xz is missing and ../shared/gpu/make-bundle.sh is absent');
  // It also writes .git/info/exclude, which fails in a worktree (.git is a file); .gitignore covers .gpu-bundle.
  try {
    execFileSync('sh', ['../shared/gpu/make-bundle.sh'], { stdio: 'inherit' });
  } catch (e) {
    if (!existsSync('.gpu-bundle/node.xz')) throw e;
  }
}

// The test set whole; training pairs (image and mask) in name order while they fit.
const test = join(RUN, 'data/hc18_fetal_head_us');
for (const d of ['images', 'masks']) cpSync(join(DATA, 'hc18_fetal_head_us', d), join(test, d), { recursive: true });
const trainFrom = join(DATA, 'hc18_fetal_head_us_train256');
const trainTo = join(RUN, 'data/hc18_fetal_head_us_train256');
mkdirSync(join(trainTo, 'images'), { recursive: true });
mkdirSync(join(trainTo, 'masks'), { recursive: true });
const names = readdirSync(join(trainFrom, 'images')).filter((n) => existsSync(join(trainFrom, 'masks', n))).sort();
let total = size('.gpu-bundle') + size(RUN);
let taken = 0;
for (const n of names) {
  const bytes = size(join(trainFrom, 'images', n)) + size(join(trainFrom, 'masks', n));
  if (total + bytes > LIMIT - MARGIN) break;
  for (const d of ['images', 'masks']) copyFileSync(join(trainFrom, d, n), join(trainTo, d, n));
  total += bytes;
  taken++;
}
total = size('.gpu-bundle') + size(RUN);
if (total > LIMIT) throw new Error(`the bundle is ${mib(total)}, over the 64 MiB limit`);
console.log(`
.gpu-bundle ${mib(size('.gpu-bundle'))} + ${RUN} ${mib(size(RUN))} = ${mib(total)} of 64 MiB (carry); ${taken} of ${names.length} training pairs fit.
On the GPU machine (device tool run): command "bash scripts/gpu/run.sh", carry [".gpu-bundle", "${RUN}"], timeout_s 560.
The run itself stays within 8 minutes (per-part limits in scripts/gpu/measure.ts); results in $OUT/gpu-run.md and $OUT/gpu-run.jsonl.`);
