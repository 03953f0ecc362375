/*
 * U-Net Studio's service worker (template; the build fills in VERSION and FILES).
 * Precaches the whole app and the bundled model on install, so the page works offline after the
 * first visit. A new deployment installs beside the old one and waits: the page offers to reload,
 * and only then does the new version take over, so a page never mixes files of two versions.
 * Requests for anything not precached (models from ?model=, test fixtures) go to the network.
 * What it serves carries the cross-origin isolation headers (COOP/COEP) even when the web server
 * sends none, so from the second visit on WASM gets shared memory and runs on every core.
 */
const VERSION = '__VERSION__';
const FILES = __FILES__;
const CACHE = `unet-studio-${VERSION}`;
const scope = new URL(self.registration.scope);
const precached = new Set(FILES.map((f) => new URL(f, scope).href));
const indexUrl = new URL('./', scope).href;
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/** The response with COOP/COEP added where the server did not send them. */
function isolated(response) {
  if (!response || response.type === 'opaque' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) if (!headers.has(name)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([...precached])));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith('unet-studio-') && k !== CACHE).map((k) => caches.delete(k)))),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  // The page itself, with any ?backend= or ?model=, is index.html.
  const key = request.mode === 'navigate' && url.href.startsWith(indexUrl) ? new URL('index.html', scope).href : url.href;
  if (!precached.has(key)) return;
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(key)).then((hit) => hit ?? fetch(request)).then(isolated));
});
