// The app's Content-Security-Policy, in one place: Vite writes it into index.html as a <meta>,
// scripts/serve-dist.mjs sends it as a header (which also covers the workers), and the README's
// server examples repeat it. Scripts only from the app's own files (no inline script, no eval;
// 'wasm-unsafe-eval' lets TF.js compile its WASM backend), requests only to the app's origin
// and to blob:/data: URLs the app makes itself. blob: scripts and workers are TF.js's multi-threaded
// WASM backend: it starts its threads from blob: URLs it makes from its own bundled code (only
// same-origin code can create them).
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self' blob: data:",
  "img-src 'self' blob: data:",
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Cross-origin isolation: without it a browser gives WASM no shared memory, so TF.js's WASM backend
 * runs on one thread. Sent by scripts/serve-dist.mjs; the service worker adds them for servers
 * that do not (src/offline/sw-template.js).
 */
export const ISOLATION_HEADERS = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Only valid as an HTTP header (browsers ignore it in a meta element). */
export const HEADER_ONLY_DIRECTIVES = "frame-ancestors 'none'";
