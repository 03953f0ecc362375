/**
 * The journeys' `test`: every page records each request it makes, and a test fails if any
 * request leaves the app's origin (privacy: scans never go anywhere) or if anything breaks the
 * Content-Security-Policy the server sends.
 */
import { test as base, expect } from '@playwright/test';
import { StudioPage } from './studioPage';

export const test = base.extend<{ studio: StudioPage; requests: string[] }>({
  requests: async ({ page, baseURL }, use, testInfo) => {
    const seen: string[] = [];
    const violations: string[] = [];
    page.on('request', (r) => seen.push(r.url()));
    page.on('pageerror', (e) => console.log(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await use(seen);
    // A test that skipped itself (missing ../shared) made no journey to check.
    if (testInfo.status === 'skipped') return;
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
    const origin = new URL(baseURL ?? '').origin;
    const foreign = seen.filter((url) => !url.startsWith('blob:') && !url.startsWith('data:') && new URL(url).origin !== origin);
    expect(foreign, 'requests that left the origin').toEqual([]);
    expect(seen.length, 'the journey made requests').toBeGreaterThan(0);
  },
  studio: async ({ page, requests }, use) => {
    void requests;
    await use(new StudioPage(page));
  },
});

export { expect };
