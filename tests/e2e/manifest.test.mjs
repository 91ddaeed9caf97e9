// The Chromium package's manifest, as Chromium loads it: no errors or install warnings on
// its extensions page, the service worker runs, and every key is one Chromium knows (the
// Firefox-only keys of extension/manifest.json are left out of this package at build time).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchWithExtension, EXTENSION_DIR, currentWorker } from '../../xtask/js/chromium.mjs';

// Chrome's documented manifest keys (developer.chrome.com/docs/extensions/reference/manifest).
const CHROMIUM_KEYS = new Set([
  'manifest_version', 'name', 'version', 'action', 'default_locale', 'description', 'icons', 'author', 'automation',
  'background', 'chrome_settings_overrides', 'chrome_url_overrides', 'commands', 'content_security_policy',
  'content_scripts', 'cross_origin_embedder_policy', 'cross_origin_opener_policy', 'declarative_net_request',
  'devtools_page', 'export', 'externally_connectable', 'homepage_url', 'host_permissions', 'import', 'incognito',
  'key', 'minimum_chrome_version', 'oauth2', 'offline_enabled', 'omnibox', 'optional_host_permissions',
  'optional_permissions', 'options_page', 'options_ui', 'permissions', 'requirements', 'sandbox', 'short_name',
  'side_panel', 'storage', 'tts_engine', 'update_url', 'version_name', 'web_accessible_resources',
]);
const BACKGROUND_KEYS = new Set(['service_worker', 'type']);

let browser;
before(async () => { browser = await launchWithExtension(); });
after(async () => { await browser?.close(); });

const manifest = JSON.parse(fs.readFileSync(path.join(EXTENSION_DIR, 'manifest.json'), 'utf8'));

test('every key of the Chromium manifest is one Chromium documents', () => {
  assert.deepEqual(Object.keys(manifest).filter((k) => !CHROMIUM_KEYS.has(k)), []);
  assert.deepEqual(Object.keys(manifest.background).filter((k) => !BACKGROUND_KEYS.has(k)), []);
  assert.equal(manifest.background.service_worker, 'background.js');
});

test('Chromium loads it without errors or warnings, and its service worker runs', async () => {
  const worker = await currentWorker(browser.ctx);
  const loaded = await worker.evaluate(() => chrome.runtime.getManifest());
  assert.equal(loaded.version, manifest.version);
  assert.equal(loaded.browser_specific_settings, undefined);
  const page = await browser.ctx.newPage();
  await page.goto(`chrome://extensions/?errors=${browser.extensionId}`);
  const info = await page.evaluate((id) => new Promise((resolve) => chrome.developerPrivate.getExtensionInfo(id, resolve)), browser.extensionId);
  assert.equal(info.state, 'ENABLED');
  assert.deepEqual(info.installWarnings, []);
  assert.deepEqual(info.manifestErrors, []);
  assert.deepEqual(info.runtimeErrors, []);
  await page.close();
});
