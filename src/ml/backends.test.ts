import { describe, expect, it } from 'vitest';
import { chooseBackend, isSoftwareRenderer } from './backends';

describe('isSoftwareRenderer', () => {
  it('recognises CPU-emulated GPUs and not real ones', () => {
    for (const s of ['google / swiftshader', 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))', 'llvmpipe (LLVM 15.0.6, 256 bits)', 'Microsoft Basic Render Driver']) {
      expect(isSoftwareRenderer(s)).toBe(true);
    }
    for (const s of ['nvidia / hopper', 'ANGLE (NVIDIA, NVIDIA GeForce GTX 1080 Direct3D11 vs_5_0 ps_5_0)', 'intel / gen-12lp']) {
      expect(isSoftwareRenderer(s)).toBe(false);
    }
    expect(isSoftwareRenderer(null)).toBe(false);
  });
});

describe('chooseBackend under Node', () => {
  it('falls through WebGPU and WebGL to WASM, saying why', async () => {
    const choice = await chooseBackend();
    expect(choice.name).toBe('wasm');
    expect(choice.forced).toBe(false);
    expect(choice.skipped).toEqual([
      { name: 'webgpu', reason: 'WebGPU is not available in this browser (navigator.gpu is missing)' },
      { name: 'webgl', reason: 'WebGL needs OffscreenCanvas, which is missing here' },
    ]);
  });
  it('a forced backend that cannot run is an error naming it', async () => {
    await expect(chooseBackend({ forced: 'webgpu' })).rejects.toThrow('The requested backend is unavailable: WebGPU is not available');
  });
});
