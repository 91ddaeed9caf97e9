// The store zips `cargo xtask build` writes (dist/shoptrust-{chromium,firefox}.zip): only
// what runs, every file used by the extension or a licence text the notices name, the
// licences of everything bundled, and each browser's own manifest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist');

/** The files of a zip: name → contents (stored or deflated entries). */
function readZip(file) {
  const zip = fs.readFileSync(file);
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, `${file} is a zip`);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map();
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? zlib.inflateRawSync(data) : data);
    at += 46 + skip;
  }
  return files;
}

const packages = Object.fromEntries(['chromium', 'firefox'].map((b) => [b, readZip(path.join(DIST, `shoptrust-${b}.zip`))]));
const LICENCE_FILES = ['THIRD-PARTY-NOTICES.txt', 'data/trackerdb.LICENSE.txt', 'vendor/autoconsent.LICENSE.txt', 'vendor/README.txt'];

for (const [browser, files] of Object.entries(packages)) {
  test(`${browser} zip: only files the extension uses, and licence texts`, () => {
    const names = [...files.keys()];
    assert.ok(names.includes('manifest.json') && names.includes('pkg/shoptrust_bg.wasm'), names.join());
    assert.deepEqual(names.filter((n) => /\.map$|\.ts$|test|spec|(^|\/)\.|\.md$|bundles\//i.test(n)), []);
    // Every other file is named by the manifest or by a page or script that loads it.
    const code = names.filter((n) => /\.(json|js|html|css)$/.test(n)).map((n) => files.get(n).toString('utf8')).join('\n');
    const unused = names.filter((n) => !LICENCE_FILES.includes(n) && !/^_locales\/[\w-]+\/messages\.json$/.test(n) && n !== 'manifest.json')
      .filter((n) => !code.includes(n) && !code.includes(path.basename(n)));
    assert.deepEqual(unused, []);
    for (const licence of LICENCE_FILES) assert.ok(files.has(licence), `${licence} is shipped`);
  });

  test(`${browser} zip: the notices name every bundled licence`, () => {
    const notices = files.get('THIRD-PARTY-NOTICES.txt').toString('utf8');
    assert.match(notices, /TrackerDB[\s\S]*CC-BY-NC-SA-4\.0[\s\S]*data\/trackerdb\.LICENSE\.txt/);
    assert.match(notices, /autoconsent[\s\S]*MPL-2\.0[\s\S]*vendor\/autoconsent\.LICENSE\.txt/);
    assert.match(notices, /Public Suffix List[\s\S]*MPL-2\.0/);
    assert.match(notices, /MIT OR Apache-2\.0/);
    assert.match(files.get('data/trackerdb.LICENSE.txt').toString('utf8'), /CC-BY-NC-SA-4\.0/);
    assert.match(files.get('vendor/autoconsent.LICENSE.txt').toString('utf8'), /^Mozilla Public License Version 2\.0/);
  });
}

test('the two zips run the same files; only the manifests differ', () => {
  const { chromium, firefox } = packages;
  assert.deepEqual([...firefox.keys()], [...chromium.keys()]);
  const differing = [...chromium.keys()].filter((n) => !chromium.get(n).equals(firefox.get(n)));
  assert.deepEqual(differing, ['manifest.json']);
  const chromiumManifest = JSON.parse(chromium.get('manifest.json'));
  const firefoxManifest = JSON.parse(firefox.get('manifest.json'));
  assert.equal(chromiumManifest.browser_specific_settings, undefined);
  assert.equal(chromiumManifest.background.service_worker, 'background.js');
  assert.equal(firefoxManifest.browser_specific_settings.gecko.id, 'shoptrust@shoptrust.dev');
  assert.deepEqual(firefoxManifest.browser_specific_settings.gecko.data_collection_permissions, { required: ['none'] });
  assert.deepEqual(firefoxManifest.background.scripts, ['background.js']);
});
