/**
 * WASM on every core: the page is cross-origin isolated — by the server's COOP/COEP headers, or,
 * from a server that sends none, by the service worker after the first visit — so TF.js's WASM
 * backend gets shared memory and one thread per logical core, our SIMD convolutions' helper
 * threads start beside it, and Diagnostics says how many of each.
 */
import { PLAIN_APP_PATH } from '../playwright.config';
import { type StudioPage } from './studioPage';
import { expect, test } from './test';

async function wasmLine(studio: StudioPage): Promise<string> {
  await studio.byId('diagnostics').locator('summary').click();
  const text = (await studio.byId('diagnostics.text').textContent()) ?? '';
  return text.split('\n').find((l) => l.startsWith('WASM: ')) ?? '';
}

test('WASM runs one thread per core when the server isolates the page', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  expect(await studio.waitReady()).toBe('wasm');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'this machine has one logical core: nothing to share');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await wasmLine(studio)).toBe(`WASM: ${cores} threads (our SIMD convolutions: ${cores})`);
});

test('from a server without COOP/COEP, the service worker isolates the page after the first visit', async ({ studio, page }) => {
  await page.goto(`${PLAIN_APP_PATH}?backend=wasm`);
  expect(await studio.waitReady()).toBe('wasm');
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'this machine has one logical core: nothing to share');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  expect(await wasmLine(studio)).toContain('1 thread (the page is not cross-origin isolated');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  expect(await studio.waitReady()).toBe('wasm');
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  expect(await wasmLine(studio)).toBe(`WASM: ${cores} threads (our SIMD convolutions: ${cores})`);
});
