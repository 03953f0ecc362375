#!/usr/bin/env node
// Serves the static build (dist/) on 127.0.0.1, optionally under a sub-path (--base /a/b/),
// as an intranet web server would, with the app's Content-Security-Policy as a header (so the
// workers run under it too). Extra folders can be mounted for tests (--mount /x/=dir).
// Sends COOP/COEP (cross-origin isolation, for WASM threads) unless --no-isolation.
// Usage: node scripts/serve-dist.mjs [--port 4173] [--base /] [--dir dist] [--mount /p/=dir]... [--plain-mount /p/=dir]... [--no-isolation]
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { CONTENT_SECURITY_POLICY, HEADER_ONLY_DIRECTIVES, ISOLATION_HEADERS } from './csp.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const port = Number(opt('port', '4173'));
// --no-isolation serves without COOP/COEP, as many intranet servers do (the service worker then adds them).
const isolate = !args.includes('--no-isolation');
const base = opt('base', '/').replace(/\/?$/, '/');
const mounts = [[base, resolve(opt('dir', 'dist')), isolate]];
args.forEach((a, i) => {
  // --plain-mount: like --mount, but never with COOP/COEP (a server that does not send them).
  if (a === '--mount' || a === '--plain-mount') {
    const [prefix, dir] = args[i + 1].split('=');
    mounts.unshift([prefix.replace(/\/?$/, '/'), resolve(dir), isolate && a === '--mount']);
  }
});

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.md': 'text/markdown; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const path = decodeURIComponent(url.pathname);
  if (path === base.slice(0, -1)) {
    // The app's address typed without its final slash: a permanent redirect that keeps the query
    // (?model=, ?backend=) and that the browser may cache, so the address also works offline.
    res.writeHead(301, { location: `${base}${url.search}`, 'cache-control': 'max-age=31536000' });
    res.end();
    return;
  }
  const mount = mounts.find(([prefix]) => path.startsWith(prefix));
  if (!mount) {
    res.writeHead(404).end('not found');
    return;
  }
  const [prefix, dir, isolated] = mount;
  let file = normalize(join(dir, path.slice(prefix.length)));
  if (!file.startsWith(dir)) {
    res.writeHead(403).end();
    return;
  }
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
  if (!existsSync(file)) {
    res.writeHead(404).end('not found');
    return;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': statSync(file).size,
    'cache-control': 'no-cache',
    'content-security-policy': `${CONTENT_SECURITY_POLICY}; ${HEADER_ONLY_DIRECTIVES}`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    ...(isolated ? ISOLATION_HEADERS : {}),
  });
  createReadStream(file).pipe(res);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`U-Net Studio: http://127.0.0.1:${port}${base}`);
});
