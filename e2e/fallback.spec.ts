/**
 * A browser without WebGPU (Chromium without --enable-unsafe-webgpu finds no adapter on a
 * machine with no GPU): the app falls back to the next backend and says why.
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
  const backend = await studio.waitReady();
  expect(['webgl', 'wasm']).toContain(backend);
  await expect(studio.byId('status.fallback')).toContainText('Not WebGPU');
});
