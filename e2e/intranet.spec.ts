/**
 * Ready for the hospital intranet: the Content-Security-Policy blocks what it should, the
 * privacy panel's button deletes what the app stored, the diagnostics panel gives a copyable
 * summary without image data, and axe-core finds no serious or critical accessibility problem.
 */
import { test as base } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { FIXTURES_DIR } from './fixtures/makeFixtures';
import { StudioPage } from './studioPage';
import { expect, test } from './test';

const scan = { name: 'patient-jane-doe.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'images', 'scan1.png')) };
const mask = { name: 'patient-jane-doe_mask.png', buffer: readFileSync(join(FIXTURES_DIR, 'synthetic', 'masks', 'scan1.png')) };

base('the Content-Security-Policy blocks requests to other hosts and inline scripts', async ({ page }) => {
  const studio = new StudioPage(page);
  await studio.open('?backend=wasm');
  await studio.waitReady();
  const outcome = await page.evaluate(async () => {
    const violated: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violated.push(e.effectiveDirective));
    const fetched = await fetch('http://127.0.0.2:9/upload').then(
      () => 'sent',
      () => 'blocked',
    );
    const script = document.createElement('script');
    script.textContent = 'window.__inline = true';
    document.body.append(script);
    await new Promise((r) => setTimeout(r, 100));
    return { fetched, inline: (window as unknown as { __inline?: boolean }).__inline ?? false, violated };
  });
  expect(outcome.fetched).toBe('blocked');
  expect(outcome.inline).toBe(false);
  expect(outcome.violated).toEqual(expect.arrayContaining(['connect-src', 'script-src-elem']));
});

test('the privacy panel deletes every saved model', async ({ studio, page }) => {
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.byId('models.files').setInputFiles([join(FIXTURES_DIR, 'keras', 'tiny_unet_full.h5')]);
  await expect(studio.byId('status.model')).toContainText('64×64×1 in');
  await studio.byId('models.save').click();
  const saved = page.locator('[data-testid="models.entry"][data-origin="saved"]');
  await expect(saved).toHaveCount(1);
  await studio.byId('privacy').locator('summary').click();
  await studio.byId('privacy.clear').click();
  await expect(studio.byId('privacy.cleared')).toBeVisible();
  await expect(saved).toHaveCount(0);
  await page.reload();
  await studio.waitReady();
  // After the reload only the models shipped with the app are listed: no saved one is left.
  await expect(page.locator('[data-testid="models.entry"][data-origin="saved"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="models.entry"][data-origin="bundled"]')).toHaveCount(2);
  expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('unet-studio');
  expect(await page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('unet-studio');
    open.onsuccess = () => {
      const request = open.result.transaction('models').objectStore('models').count();
      request.onsuccess = () => resolve(request.result);
    };
  }))).toBe(0);
});

test('diagnostics: backend, model, memory and times, copyable, without file names', async ({ studio, page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await studio.open('?backend=wasm');
  await studio.waitReady();
  await studio.dropFiles([scan]);
  await studio.waitAllSettled(1);
  await studio.byId('diagnostics').locator('summary').click();
  const text = (await studio.byId('diagnostics.text').textContent()) ?? '';
  expect(text).toContain('backend: wasm (forced)');
  expect(text).toMatch(/^WASM: \d+ threads?\b/m);
  expect(text).toContain('model: unet-hc18-b16');
  expect(text).toMatch(/images: 1; inference per image: median \d+ ms over 1/);
  expect(text).toMatch(/memory: \d+ tensors/);
  expect(text).not.toContain('jane');
  await studio.byId('diagnostics.copy').click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(text);
});

base.describe('accessibility', () => {
  // axe is injected as a script, which the app's own CSP (rightly) forbids: bypass it for this check only.
  base.use({ bypassCSP: true });
  base('axe-core finds no serious or critical violation on the working page', async ({ page }) => {
    const studio = new StudioPage(page);
    await studio.open('?backend=wasm');
    await studio.waitReady();
    await studio.dropFiles([scan, mask]);
    await studio.waitAllSettled(1);
    for (const panel of ['models.settings', 'privacy', 'diagnostics']) await studio.byId(panel).locator('summary').click();
    await page.addScriptTag({ path: createRequire(import.meta.url).resolve('axe-core/axe.min.js') });
    const results = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
      return (await axe.run()).violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 3) }));
    });
    const serious = results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious, JSON.stringify(serious, null, 2)).toEqual([]);
  });
});
