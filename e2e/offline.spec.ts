/**
 * Offline: after the first visit the app and its bundled model work with the network gone, and a
 * new deployment is picked up only when the user accepts the reload the page offers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { type StudioPage } from './studioPage';
import { expect, test } from './test';

const scan = { name: 'scan1.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan1.png')) };

async function controlledByServiceWorker(studio: StudioPage): Promise<void> {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await studio.page.reload();
  await expect.poll(() => studio.page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
  await studio.waitReady();
}

test('works offline after the first visit', async ({ studio, context, page }) => {
  await controlledByServiceWorker(studio);
  await context.setOffline(true);
  await page.reload();
  expect(await studio.waitReady()).toBe('wasm');
  await expect(studio.byId('status.model')).toContainText('unet-hc18-b16');
  await studio.dropFiles([scan]);
  await studio.waitAllSettled(1);
  await expect(studio.item('scan1.png')).toHaveAttribute('data-status', 'done');
  await context.setOffline(false);
});

test('a new deployment waits until the user reloads into it', async ({ studio, page }) => {
  await controlledByServiceWorker(studio);
  const current = await page.evaluate(async () => (await caches.keys()).find((k) => k.startsWith('unet-studio-')));
  // Copy a "new deployment" onto the server: the same files with a changed sw.js (tests run one
  // at a time, and the original is put back whatever happens).
  const swPath = join('dist', 'sw.js');
  const original = readFileSync(swPath, 'utf8');
  writeFileSync(swPath, original.replace(/const VERSION = "([0-9a-f]+)"/, 'const VERSION = "$1-next"'));
  try {
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    await expect(studio.byId('update')).toContainText('A new version of U-Net Studio is ready');
    // Until the user accepts, the page keeps running on the version it started with.
    expect(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('unet-studio-')).sort())).toEqual([current, `${current}-next`]);
    // The click only asks the new worker to take over; the page reloads later, on
    // controllerchange. Wait for that reload to have replaced this document before reading the
    // page again (reading it mid-navigation throws "Execution context was destroyed").
    await page.evaluate(() => ((window as unknown as { beforeUpdate: boolean }).beforeUpdate = true));
    const load = page.waitForEvent('load');
    await studio.byId('update.reload').click();
    await load;
    expect(await page.evaluate(() => 'beforeUpdate' in window)).toBe(false);
    await studio.waitReady();
    await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('unet-studio-')))).toEqual([`${current}-next`]);
  } finally {
    writeFileSync(swPath, original);
  }
});

test('the address without its trailing slash works offline too, query kept', async ({ studio, context, page, baseURL }) => {
  // A bookmark or a typed address often lacks the final slash: the server answers with a permanent
  // (cacheable) redirect, which the browser replays from its cache once the network is gone.
  const bare = `${(baseURL ?? '').replace(/\/$/, '')}?backend=wasm`;
  await page.goto(bare);
  expect(new URL(page.url()).pathname.endsWith('/')).toBe(true);
  expect(new URL(page.url()).searchParams.get('backend')).toBe('wasm');
  await controlledByServiceWorker(studio);
  await context.setOffline(true);
  try {
    await page.goto(bare);
    expect(await studio.waitReady()).toBe('wasm');
    await studio.dropFiles([scan]);
    await studio.waitAllSettled(1);
    await expect(studio.item('scan1.png')).toHaveAttribute('data-status', 'done');
  } finally {
    await context.setOffline(false);
  }
});
