/**
 * Gives Node a WebGPU implementation (Dawn, from the npm `webgpu` package) when a command line
 * asks for `--backend webgpu`. Must be imported before anything that imports TF.js's WebGPU
 * backend, which checks for `navigator.gpu` when it loads. On a machine without a GPU, point
 * VK_ICD_FILENAMES at SwiftShader (/usr/lib/chromium/vk_swiftshader_icd.json).
 */
import { createRequire } from 'node:module';

const argv = process.argv;
const backend = argv[argv.indexOf('--backend') + 1];
if (argv.includes('--backend') && backend === 'webgpu' && !(globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) {
  const require = createRequire(import.meta.url);
  const { create, globals } = require('webgpu') as { create(options: string[]): unknown; globals: Record<string, unknown> };
  Object.assign(globalThis, globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: create([]) }, configurable: true });
}
