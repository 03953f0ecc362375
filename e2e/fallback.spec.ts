/**
 * A browser on a machine without a GPU (Chromium without --enable-unsafe-webgpu finds no WebGPU
 * adapter, and its WebGL is software): the app falls back to WASM and says why.
 */
import { expect, test } from './test';

test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  },
});

test('falls back from WebGPU and says why', async ({ studio }) => {
  await studio.open('?model=../../../fixtures/tiny/model.json');
  // Without a GPU only software WebGL exists, which TF.js refuses (WASM is faster there).
  expect(await studio.waitReady()).toBe('wasm');
  await expect(studio.byId('status.fallback')).toContainText('Not WebGPU: WebGPU found no usable GPU adapter');
  await expect(studio.byId('status.fallback')).toContainText('Not WebGL: only a software renderer is available');
});
