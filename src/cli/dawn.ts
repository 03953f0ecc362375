/**
 * Gives Node a WebGPU implementation: Dawn, from the npm `webgpu` package (the WebGPU that Chrome
 * uses). Must run before anything imports TF.js's WebGPU backend, which looks for `navigator.gpu`
 * when it loads. On a machine without a GPU, Vulkan is pointed at the SwiftShader driver that
 * Debian's chromium ships, unless VK_ICD_FILENAMES already names a driver.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Installs `navigator.gpu`; returns why it could not, or null when it did (or already had one). */
export function installDawn(options: { fallbackToSwiftShader?: boolean } = {}): string | null {
  const scope = globalThis as { navigator?: { gpu?: unknown } };
  if (scope.navigator?.gpu) return null;
  if (!process.env.VK_ICD_FILENAMES && options.fallbackToSwiftShader) {
    if (!existsSync(SWIFTSHADER_ICD)) return `no Vulkan driver: ${SWIFTSHADER_ICD} is missing (apt install chromium)`;
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  // Vulkan loaders complain on every call without it; nothing is written there.
  process.env.XDG_RUNTIME_DIR ??= '/tmp';
  try {
    const require = createRequire(import.meta.url);
    const { create, globals } = require('webgpu') as { create(options: string[]): unknown; globals: Record<string, unknown> };
    Object.assign(globalThis, globals);
    Object.defineProperty(globalThis, 'navigator', { value: { ...scope.navigator, gpu: create([]) }, configurable: true });
    return null;
  } catch (error) {
    return `Dawn (npm webgpu) failed to load: ${error instanceof Error ? error.message : String(error)}`;
  }
}
