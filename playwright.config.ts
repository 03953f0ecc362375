/**
 * Playwright journeys in Debian's Chromium (Playwright cannot download its own browser here).
 * The built app is served from a nested sub-path, as on an intranet server; the generated
 * fixtures are served on the same origin under /fixtures/.
 */
import { defineConfig } from '@playwright/test';

export const APP_PATH = '/hospital/tools/unet-studio/';
/** The same build from a server that sends no COOP/COEP headers (the service worker must add them). */
export const PLAIN_APP_PATH = '/plain-server/unet-studio/';
const PORT = 4180;

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './e2e/globalSetup.ts',
  timeout: 180_000,
  expect: { timeout: 60_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}${APP_PATH}`,
    viewport: { width: 1400, height: 1000 },
    acceptDownloads: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--enable-unsafe-webgpu',
        '--no-sandbox',
        '--disable-gpu-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node scripts/serve-dist.mjs --port ${PORT} --base ${APP_PATH} --mount /fixtures/=.e2e-fixtures --plain-mount ${PLAIN_APP_PATH}=dist`,
    url: `http://127.0.0.1:${PORT}${APP_PATH}`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
