/// <reference types="vitest/config" />
// Vite builds a static app with relative URLs (base './'), so dist/ works from any sub-path.
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './scripts/csp.mjs';
import { precache } from './scripts/precache.mjs';

/** Writes the Content-Security-Policy into the built index.html (not in dev: Vite's client injects inline code). */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'unet-studio-csp',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
  };
}

export default defineConfig({
  base: './',
  define: { __APP_VERSION__: JSON.stringify(process.env.npm_package_version ?? 'dev') },
  plugins: [react(), contentSecurityPolicy(), precache()],
  // Workers are not minified: TF.js's multi-threaded WASM backend starts its threads from the
  // source text of its own factory function (Function.prototype.toString), which a minifier breaks
  // by renaming what that text refers to (threads then fail with "e is not defined").
  worker: { format: 'es', rolldownOptions: { output: { minify: false } } },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096, sourcemap: false },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
