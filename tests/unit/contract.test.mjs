// The JS<->core contract has one source, src/contract.rs: the build writes it into the
// extension as contract.js. These tests fail when the built file and the core differ, when a
// script is not given the file, or when an extension source keeps its own copy of a value.
// They read the build output: run `cargo xtask build` first (`cargo xtask test` does).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const ext = path.join(root, 'dist/chromium');
const require = createRequire(import.meta.url);

function built(file) {
  const full = path.join(root, file);
  assert.ok(fs.existsSync(full), `${file} is missing: run \`cargo xtask build\` first`);
  return fs.readFileSync(full, 'utf8');
}

/** What dist/chromium/contract.js sets, run as the browser runs it (a classic script). */
function builtContract() {
  const sandbox = {};
  vm.runInNewContext(built('dist/chromium/contract.js'), sandbox);
  return sandbox.ShopTrustContract;
}

/** What the core itself reports (the wasm built for node). */
function coreContract() {
  built('dist/node/shoptrust.js');
  return JSON.parse(require(path.join(root, 'dist/node/shoptrust.js')).contract());
}

// Every [path, value] leaf of an object.
function leaves(value, at = []) {
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, k]));
  return [[at, value]];
}

test('dist/chromium/contract.js says what the core says, frozen, in the same order', () => {
  const fromFile = builtContract();
  const fromCore = coreContract();
  assert.deepEqual(JSON.parse(JSON.stringify(fromFile)), fromCore);
  assert.deepEqual(leaves(fromFile).map(([p]) => p.join('.')), leaves(fromCore).map(([p]) => p.join('.')),
    'content.js reports cut lists in the order of the caps');
  for (const [at] of leaves(fromFile)) {
    let node = fromFile;
    assert.ok(Object.isFrozen(node));
    for (const key of at.slice(0, -1)) assert.ok(Object.isFrozen((node = node[key])), `${at.join('.')} is frozen`);
  }
  assert.equal(typeof fromCore.factsSchemaVersion, 'number');
});

test('every script gets the contract: isolated content scripts first, worker, popup, main-world bundle', () => {
  const manifest = JSON.parse(built('dist/chromium/manifest.json'));
  const [isolated, main] = manifest.content_scripts;
  assert.equal(isolated.js[0], 'contract.js', 'contract.js runs before the isolated scripts that read it');
  assert.equal(main.world, 'MAIN');
  assert.ok(!main.js.includes('contract.js'), 'no contract global in the page\'s own world');
  assert.match(built('dist/chromium/background.js'), /^import '\.\/contract\.js';/m);
  const popup = built('dist/chromium/popup.html');
  assert.ok(popup.indexOf('<script src="contract.js">') >= 0 &&
    popup.indexOf('<script src="contract.js">') < popup.indexOf('src="popup.js"'), 'the popup loads contract.js before popup.js');
  // The main-world bundle has the contract compiled in: the event names the isolated side uses.
  const bundle = built('dist/chromium/consent-main.js');
  const { mainWorldEvents } = coreContract();
  for (const name of Object.values(mainWorldEvents)) assert.ok(bundle.includes(JSON.stringify(name)), `consent-main.js knows ${name}`);
  assert.ok(!bundle.includes('ShopTrustContract'), 'and defines no global for it');
});

// --- No copies left in the extension's sources.

const camelToUpper = (name) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
// Names the copies had before the contract, where they differ from the contract's own.
const FORMER_NAMES = ['SCHEMA_VERSION', 'MAX_REQUESTS', 'MAX_HEADERS', 'VALUE_MAX', 'MAX_IDS'];

/** Where `source` assigns a number (other than 0, where counters start) to one of the contract's names, or writes one of its strings. */
function copiesIn(source, contract) {
  const names = new Set(FORMER_NAMES);
  const strings = new Set();
  for (const [at, value] of leaves(contract)) {
    const key = at.at(-1);
    if (typeof value === 'number') names.add(key).add(camelToUpper(key));
    else strings.add(value);
  }
  const found = [];
  for (const name of names) {
    const m = new RegExp(`\\b${name}\\s*[:=]\\s*[1-9]`).exec(source);
    if (m) found.push(m[0]);
  }
  for (const s of strings) {
    for (const quoted of [`'${s}`, `"${s}`, `\`${s}`]) if (source.includes(quoted)) found.push(quoted);
  }
  return found;
}

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.(js|mjs|html)$/.test(e.name) ? [full] : [];
  });
}

test('the copy finder finds the copies the scripts used to keep', () => {
  const contract = coreContract();
  const before = [
    "const SCHEMA_VERSION = 1;", "const CAPS = { forms: 200, inputs: 2000 };", "const URL_MAX = 2048;",
    "const MAX_IDS = 24;", "const SIGNALS_EVENT = 'shoptrust-consent-signals';", "const key = `tab:${tabId}`;",
    "const CAPS = { buttons: 30, purposes: 60 };", "const VALUE_MAX = 8192;",
  ];
  for (const line of before) assert.notDeepEqual(copiesIn(line, contract), [], line);
  assert.deepEqual(copiesIn("const CAPS = CONTRACT.collector.caps; requestIdleCallback(report, { timeout: 1000 });", contract), []);
});

test('no extension source keeps its own copy of the schema version, a cap, the storage key or an event name', () => {
  const contract = coreContract();
  const files = sources(path.join(root, 'extension'));
  assert.ok(files.some((f) => f.endsWith('content.js')) && files.some((f) => f.endsWith('consent-main.js')));
  const copies = files.flatMap((file) => copiesIn(fs.readFileSync(file, 'utf8'), contract)
    .map((copy) => `${path.relative(root, file)}: ${copy}`));
  assert.deepEqual(copies, []);
});
