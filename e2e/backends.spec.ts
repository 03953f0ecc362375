/**
 * Backend choice in real Chromium: WebGPU (SwiftShader here) by default, forcing with ?backend=,
 * falling back with a stated reason, and a clear message for a model that cannot load. Uses a
 * tiny generated U-Net because software WebGPU takes ~40 s per pass of the bundled model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './test';
import { FIXTURES_DIR } from './fixtures/makeFixtures';

const TINY = '?model=../../../fixtures/tiny/model.json';
const scan = () => ({ name: 'scan1.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan1.png')) });

test('automatic choice skips software GPUs for WASM and says why', async ({ studio }) => {
  await studio.open(TINY);
  // This machine has no GPU: its WebGPU adapter and WebGL renderer are SwiftShader.
  expect(await studio.waitReady()).toBe('wasm');
  await expect(studio.byId('status.fallback')).toContainText('Not WebGPU: only a software renderer is available (google / swiftshader');
  await expect(studio.byId('status.fallback')).toContainText('Not WebGL: only a software renderer is available (ANGLE (Google, Vulkan');
});

test('?backend=webgpu runs WebGPU, segments, and leaks no tensors over 20 inferences', async ({ studio }) => {
  await studio.open(`${TINY}&backend=webgpu`);
  expect(await studio.waitReady()).toBe('webgpu');
  await expect(studio.byId('status.backend')).toHaveAttribute('data-adapter', /swiftshader/);
  await studio.byId('diagnostics').locator('summary').click();
  await expect(studio.byId('diagnostics.text')).toContainText(/limits: max buffer \d+ MiB, max storage binding \d+ MiB/);
  await expect(studio.byId('status.model')).toContainText('tiny-unet');
  await expect(studio.byId('status.model')).toContainText('64×64×1 in');
  await studio.dropFiles([scan()]);
  await studio.waitAllSettled(1);
  await expect(studio.item('scan1.png')).toHaveAttribute('data-status', 'done');
  const afterOne = await studio.tensorCount();
  for (let i = 0; i < 19; i++) {
    await studio.byId('controls.rerun').click();
    await studio.waitAllSettled(1);
  }
  await expect(studio.byId('status.tensors')).toHaveText(String(afterOne));
});

for (const backend of ['webgl', 'cpu'] as const) {
  test(`?backend=${backend} forces ${backend}`, async ({ studio }) => {
    await studio.open(`${TINY}&backend=${backend}`);
    expect(await studio.waitReady()).toBe(backend);
    await studio.dropFiles([scan()]);
    await studio.waitAllSettled(1);
    await expect(studio.item('scan1.png')).toHaveAttribute('data-status', 'done');
  });
}

test('an unknown ?backend= is named, not silently ignored', async ({ studio }) => {
  await studio.open('?backend=tpu');
  await expect(studio.byId('status.error')).toContainText('Unknown backend "tpu"');
});

test('a model that cannot load says why', async ({ studio }) => {
  await studio.open('?model=../../../fixtures/no-such-model/model.json&backend=wasm');
  await expect(studio.byId('status.error')).toContainText('Could not load ../../../fixtures/no-such-model/model.json: no model at /fixtures/no-such-model/model.json');
});
