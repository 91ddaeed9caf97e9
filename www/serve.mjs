// ShopTrust demo server: the landing page, the demo shops and stub third-party hosts,
// all on one loopback port that speaks both TLS and plain HTTP.
//
// Chromium is started with `--host-resolver-rules=MAP * 127.0.0.1:PORT, EXCLUDE localhost`
// and `--ignore-certificate-errors`, so `https://secure-shop.test/`,
// `http://http-shop.test/` and `https://js.stripe.com/v3/stripe.js` all land here.
// The first byte of each connection tells TLS (0x16, a handshake record) from HTTP.
//
// Routing by Host header (port stripped):
//   shoptrust.test (also localhost, 127.0.0.1)  -> www/
//   <name>.test                                 -> www/shops/<name>/
//   any other host with a www/shops/<host>/ dir -> that dir (e.g. alpine-gear.myshopify.com)
//   any other host                              -> www/third-party/<host>/
// An optional site.json in a site's root sets { "scheme": "https"|"http"|"both",
// "headers": {...}, "fallback": "index.html" } (fallback: served for missing
// extension-less paths, for single-page apps). site.json itself is never served.
// Files without a known extension (tracking beacons such as /g/collect or /tr) are typed
// from their first bytes: a GIF or PNG is served as such, anything else as octet-stream.
//
// Node built-ins only. Usage: node www/serve.mjs [--port N] [--host H] [--log]

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath, pathToFileURL } from 'node:url';

const WWW_ROOT = path.dirname(fileURLToPath(import.meta.url));
const SHOPS_ROOT = path.join(WWW_ROOT, 'shops');
const THIRD_PARTY_ROOT = path.join(WWW_ROOT, 'third-party');
const LANDING_HOSTS = new Set(['shoptrust.test', 'localhost', '127.0.0.1']);
const SCHEMES = new Set(['https', 'http', 'both']);

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

const ORDER_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Order received</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<main class="order-received">
<h1>Order received (demo — nothing was charged)</h1>
<p>This is a ShopTrust demo shop. The form data was not stored anywhere.</p>
<p><a href="/">Back to the shop</a></p>
</main>
</body>
</html>
`;

/** A DNS-style host name we are willing to map to a directory. */
function isSafeHostName(host) {
  return (
    host.length > 0 &&
    host.length <= 253 &&
    /^[a-z0-9.-]+$/.test(host) &&
    !host.startsWith('.') &&
    !host.endsWith('.') &&
    !host.includes('..')
  );
}

/** Host header (or SNI name) -> lower-case host without port, or '' when unusable. */
function normaliseHost(raw) {
  if (!raw) return '';
  let host = String(raw).trim().toLowerCase();
  if (host.startsWith('[')) return ''; // IPv6 literals are not routed
  const colon = host.lastIndexOf(':');
  if (colon !== -1) host = host.slice(0, colon);
  if (host.endsWith('.')) host = host.slice(0, -1);
  return host;
}

/** Where a host's files live, or null when no directory is assigned to it. */
function siteRootFor(host) {
  if (!isSafeHostName(host)) return null;
  if (LANDING_HOSTS.has(host)) return WWW_ROOT;
  if (host.endsWith('.test')) return path.join(SHOPS_ROOT, host.slice(0, -'.test'.length));
  // A shop on a real-looking host (e.g. a platform subdomain such as x.myshopify.com).
  const shop = path.join(SHOPS_ROOT, host);
  if (host.includes('.') && isDirectoryPath(shop)) return shop;
  return path.join(THIRD_PARTY_ROOT, host);
}

function isDirectoryPath(dir) {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Content type of a file whose extension is unknown, from its first bytes. */
function sniffContentType(body) {
  if (body.length >= 6 && /^GIF8[79]a$/.test(body.subarray(0, 6).toString('latin1'))) return 'image/gif';
  if (body.length >= 8 && body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return 'image/png';
  }
  return 'application/octet-stream';
}

function readSiteConfig(root) {
  const config = { scheme: 'https', headers: {}, fallback: null, exists: false };
  if (!root) return config;
  if (!isDirectoryPath(root)) return config;
  config.exists = true;
  let raw;
  try {
    raw = fs.readFileSync(path.join(root, 'site.json'), 'utf8');
  } catch {
    return config;
  }
  try {
    const parsed = JSON.parse(raw);
    if (SCHEMES.has(parsed.scheme)) config.scheme = parsed.scheme;
    if (parsed.headers && typeof parsed.headers === 'object') {
      for (const [name, value] of Object.entries(parsed.headers)) {
        if (typeof value === 'string') config.headers[name] = value;
      }
    }
    if (typeof parsed.fallback === 'string') config.fallback = parsed.fallback;
  } catch (err) {
    console.error(`serve.mjs: ignoring invalid ${path.join(root, 'site.json')}: ${err.message}`);
  }
  return config;
}

/** Site for a host: root dir plus parsed site.json. Re-read per request so edits show at once. */
function siteFor(host) {
  const root = siteRootFor(host);
  return { root, ...readSiteConfig(root) };
}

/**
 * Map a URL path to a file under root, or null. Decodes percent-escapes, normalises,
 * and refuses anything that resolves (also through symlinks) outside root.
 */
function resolveFile(root, urlPath, fallback) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  let rel = path.posix.normalize('/' + decoded);
  if (rel.endsWith('/')) rel += 'index.html';
  const candidate = path.resolve(root, '.' + rel);
  if (!isInside(root, candidate)) return null;
  if (path.basename(candidate) === 'site.json') return null;
  const found = existingFile(root, candidate);
  if (found) return found;
  if (fallback && path.extname(candidate) === '') {
    const fb = path.resolve(root, fallback);
    if (isInside(root, fb)) return existingFile(root, fb);
  }
  return null;
}

function isInside(root, candidate) {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function existingFile(root, candidate) {
  try {
    const real = fs.realpathSync(candidate);
    const realRoot = fs.realpathSync(root);
    if (!isInside(realRoot, real)) return null;
    if (!fs.statSync(real).isFile()) return null;
    return real;
  } catch {
    return null;
  }
}

function isDirectory(root, urlPath) {
  try {
    const rel = path.posix.normalize('/' + decodeURIComponent(urlPath));
    const candidate = path.resolve(root, '.' + rel);
    return isInside(root, candidate) && isDirectoryPath(candidate);
  } catch {
    return false;
  }
}

function makeCertificate() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoptrust-demo-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=shoptrust-demo',
        '-keyout', keyFile, '-out', certFile],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function send(res, status, headers, body, method) {
  const payload = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  res.writeHead(status, { ...headers, 'Content-Length': payload.length });
  res.end(method === 'HEAD' ? undefined : payload);
}

// Real consent-banner libraries from npm (pinned in package.json), served from node_modules
// at the CDN addresses shops load them from. A fixed list: nothing else in node_modules is
// reachable. The versions in these paths follow the pinned ones.
const NODE_MODULES = path.join(WWW_ROOT, '..', 'node_modules');
const VENDORED = new Map([
  ['cdn.jsdelivr.net/npm/vanilla-cookieconsent@3.1.0/dist/cookieconsent.umd.js', 'vanilla-cookieconsent/dist/cookieconsent.umd.js'],
  ['cdn.jsdelivr.net/npm/vanilla-cookieconsent@3.1.0/dist/cookieconsent.css', 'vanilla-cookieconsent/dist/cookieconsent.css'],
  ['cdn.kiprotect.com/klaro/v0.7.22/klaro.js', 'klaro/dist/klaro.js'],
]);
// Libraries that load files of their own (language files, styles, chunks) beside their main
// script: a CDN folder served from the package's folder, scripts, styles and JSON only.
const VENDORED_FOLDERS = new Map([
  ['cdn.jsdelivr.net/npm/cookieconsent@3.1.1/build/', 'cookieconsent/build/'],
  ['cdn.jsdelivr.net/npm/tarteaucitronjs@1.34.0/', 'tarteaucitronjs/'],
  ['cdn.jsdelivr.net/npm/orejime@3.2.1/dist/', 'orejime/dist/'],
  ['cdn.jsdelivr.net/npm/cookie-notice@1.3.9/dist/', 'cookie-notice/dist/'],
  ['cdn.jsdelivr.net/npm/cookies-eu-banner@3.0.0/dist/', 'cookies-eu-banner/dist/'],
  ['cdn.jsdelivr.net/npm/cookie-consent-js@2.1.12/', 'cookie-consent-js/'],
  ['cdn.jsdelivr.net/npm/@porscheofficial/cookie-consent-banner@4.1.0/dist/', '@porscheofficial/cookie-consent-banner/dist/'],
]);
const VENDORED_FOLDER_TYPES = new Set(['.js', '.css', '.json']);

// The package file a CDN address stands for, if it is one of the vendored ones.
function vendoredFile(hostAndPath) {
  if (VENDORED.has(hostAndPath)) return VENDORED.get(hostAndPath);
  for (const [prefix, folder] of VENDORED_FOLDERS) {
    if (!hostAndPath.startsWith(prefix)) continue;
    const rest = decodeURIComponent(hostAndPath.slice(prefix.length));
    const file = path.posix.normalize(folder + rest);
    if (!file.startsWith(folder) || rest.includes('..') || !VENDORED_FOLDER_TYPES.has(path.extname(file))) return null;
    return file;
  }
  return null;
}

function sendVendored(req, res, file) {
  let body;
  try {
    body = fs.readFileSync(path.join(NODE_MODULES, file));
  } catch {
    return send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, '404: run npm ci\n', req.method);
  }
  const type = CONTENT_TYPES[path.extname(file)];
  return send(res, 200, { 'Content-Type': type, 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-cache' }, body, req.method);
}

function handle(req, res, scheme, requests) {
  const host = normaliseHost(req.headers.host);
  const urlPath = (req.url || '/').split(/[?#]/, 1)[0] || '/';
  requests.push({
    scheme,
    host,
    method: req.method,
    path: req.url,
    origin: req.headers.origin ?? null,
    referer: req.headers.referer ?? null,
    secFetchSite: req.headers['sec-fetch-site'] ?? null,
    userAgent: req.headers['user-agent'] ?? null,
    time: Date.now(),
  });

  let vendored = null;
  try { vendored = vendoredFile(host + urlPath); } catch { /* a malformed escape: not vendored */ }
  if (vendored && scheme === 'https' && (req.method === 'GET' || req.method === 'HEAD')) return sendVendored(req, res, vendored);

  const site = siteFor(host);
  const headers = { ...site.headers, 'Cache-Control': 'no-cache' };
  const text = { ...headers, 'Content-Type': 'text/plain; charset=utf-8' };

  if (!site.exists) {
    req.resume();
    return send(res, 404, text, `404: no demo site for host ${JSON.stringify(host)}\n`, req.method);
  }
  if (scheme === 'https' && site.scheme === 'http') {
    // An http-only site has no TLS. SNI normally refuses the handshake before we
    // get here; this catches clients that sent no (or another) server name.
    req.socket.destroy();
    return;
  }
  if (req.method === 'POST') {
    req.resume(); // drain and discard: a demo never keeps what was typed
    return send(res, 200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }, ORDER_PAGE, 'POST');
  }
  if (scheme === 'http' && site.scheme === 'https') {
    req.resume();
    const port = /:(\d{1,5})$/.exec(req.headers.host ?? '')?.[1];
    const location = `https://${host}${port ? `:${port}` : ''}${req.url}`;
    return send(res, 301, { ...text, Location: location }, `Moved to ${location}\n`, req.method);
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    req.resume();
    return send(res, 405, { ...text, Allow: 'GET, HEAD, POST' }, '405: method not allowed\n', req.method);
  }
  if (!urlPath.endsWith('/') && isDirectory(site.root, urlPath)) {
    const query = req.url.slice(urlPath.length);
    return send(res, 301, { ...text, Location: urlPath + '/' + query }, 'Moved\n', req.method);
  }
  const file = resolveFile(site.root, urlPath, site.fallback);
  if (!file) {
    return send(res, 404, text, '404: not found\n', req.method);
  }
  let body;
  try {
    body = fs.readFileSync(file);
  } catch {
    return send(res, 404, text, '404: not found\n', req.method);
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? sniffContentType(body);
  return send(res, 200, { ...headers, 'Content-Type': type }, body, req.method);
}

/**
 * Start the demo server on one port for both https:// and http://.
 * @returns {Promise<{ port: number, close: () => Promise<void>, requests: object[] }>}
 */
export async function startDemoServer({ port = 0, host = '127.0.0.1' } = {}) {
  const requests = [];
  const { key, cert } = makeCertificate();
  const defaultContext = tls.createSecureContext({ key, cert });

  const safeHandle = (scheme) => (req, res) => {
    try {
      handle(req, res, scheme, requests);
    } catch (err) {
      console.error(`serve.mjs: ${req.method} ${scheme}://${req.headers.host}${req.url}: ${err.message}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('500: demo server error\n');
    }
  };
  const httpServer = http.createServer(safeHandle('http'));
  const httpsServer = https.createServer({
    key,
    cert,
    SNICallback(servername, cb) {
      const site = siteFor(normaliseHost(servername));
      if (site.exists && site.scheme === 'http') {
        cb(new Error(`${servername} is served over plain HTTP only`));
      } else {
        cb(null, defaultContext);
      }
    },
  }, safeHandle('https'));

  for (const server of [httpServer, httpsServer]) {
    server.keepAliveTimeout = 5000;
    server.on('clientError', (_err, socket) => socket.destroy());
  }
  httpsServer.on('tlsClientError', (_err, socket) => socket.destroy());

  const sockets = new Set();
  const front = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.once('data', (chunk) => {
      socket.pause();
      socket.unshift(chunk);
      const target = chunk[0] === 0x16 ? httpsServer : httpServer;
      target.emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });

  await new Promise((resolve, reject) => {
    front.once('error', reject);
    front.listen(port, host, () => {
      front.off('error', reject);
      resolve();
    });
  });

  let closed = null;
  return {
    port: front.address().port,
    requests,
    close() {
      closed ??= new Promise((resolve) => {
        front.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        httpServer.closeAllConnections?.();
        httpsServer.closeAllConnections?.();
      });
      return closed;
    },
  };
}

/** Chromium flags that send every host to this server. */
export function chromiumFlags(port) {
  return [
    `--host-resolver-rules=MAP * 127.0.0.1:${port}, EXCLUDE localhost`,
    '--ignore-certificate-errors',
  ];
}

function parseArgs(argv) {
  const opts = { port: 0, host: '127.0.0.1', log: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.split('=', 2);
    const value = () => inline ?? argv[++i];
    if (name === '--port') opts.port = Number(value());
    else if (name === '--host') opts.host = value();
    else if (name === '--log') opts.log = true;
    else if (name === '--help' || name === '-h') {
      console.log('usage: node www/serve.mjs [--port N] [--host 127.0.0.1] [--log]');
      process.exit(0);
    } else {
      console.error(`serve.mjs: unknown argument ${arg}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    console.error('serve.mjs: --port needs a number from 0 to 65535');
    process.exit(2);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const server = await startDemoServer({ port: opts.port, host: opts.host });
  console.log(`serving demo shops on ${opts.host}:${server.port}`);
  console.log('start Chromium with:');
  for (const flag of chromiumFlags(server.port)) console.log(`  '${flag}'`);
  console.log('then open https://shoptrust.test/');
  // Nobody reads the request log in CLI mode: print it on --log, keep memory flat.
  const push = server.requests.push.bind(server.requests);
  server.requests.push = (...entries) => {
    if (opts.log) for (const e of entries) console.log(`${e.method} ${e.scheme}://${e.host}${e.path}`);
    if (server.requests.length > 1000) server.requests.splice(0, 500);
    return push(...entries);
  };
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
