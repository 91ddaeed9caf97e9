// Debian's Firefox ESR with the built Firefox package installed, driven by puppeteer-core
// over WebDriver BiDi (see ../../../shared/design.md, "Firefox"). Shared by
// `cargo xtask demo|scan --browser firefox` and tests/e2e-firefox/.
//
// Firefox has no extension service worker to evaluate in: the extension's own page
// (popup.html, opened in a tab under a fixed moz-extension UUID) reads storage, tabs and
// badges instead. Such a page never reports a finished load to the driver, so it is polled.
import puppeteer from 'puppeteer-core';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, waitForSettledReport } from './chromium.mjs';
import { tabIdByTitle } from './tab-id.mjs';

export const FIREFOX = '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION_DIR = path.join(ROOT, 'dist/firefox');
const manifest = (dir) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
/** The extension's moz-extension:// host, fixed by a pref so its pages can be opened. */
export const EXTENSION_UUID = '5f0c9d1e-8a2b-4c3d-9e4f-a1b2c3d4e5f6';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Launches Firefox with ShopTrust installed.
 * resolveAllTo: "IP:PORT" sends every host there (ports 80 and 443; Firefox maps names to
 * one address and forces ports, it has no host-resolver rules).
 * backgroundIdleMs: how long the background page may idle before Firefox suspends it
 * (Firefox's default is 30 s; tests shorten it to exercise restarts).
 */
export async function launchFirefoxWithExtension({
  resolveAllTo, ignoreCertErrors = false, headed = false, extensionDir = FIREFOX_EXTENSION_DIR, backgroundIdleMs,
} = {}) {
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`${extensionDir} has no manifest.json: run cargo xtask build`);
  }
  const addonId = manifest(extensionDir).browser_specific_settings?.gecko?.id;
  if (!addonId) throw new Error(`${extensionDir}/manifest.json has no gecko id: is it the Firefox package?`);
  const prefs = {
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: EXTENSION_UUID }),
    // Keep plain-HTTP shops on HTTP, as for Chromium.
    'dom.security.https_first': false,
    'dom.security.https_only_mode': false,
    // Firefox's own calls home (captive portal, connectivity); remote settings are
    // pointed nowhere by puppeteer's profile once MOZ_REMOTE_SETTINGS_DEVTOOLS allows it.
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    // Lets action.openPopup() open the real toolbar popup from a test.
    'extensions.openPopupWithoutUserGesture.enabled': true,
  };
  if (backgroundIdleMs) prefs['extensions.background.idle.timeout'] = backgroundIdleMs;
  if (resolveAllTo) {
    const [, ip, port] = /^(.+):(\d+)$/.exec(resolveAllTo) ?? [];
    if (!ip || !/^[\d.]+$|^\[?[\da-f:]+\]?$/i.test(ip)) throw new Error(`Firefox can send every host only to an IP address, not ${resolveAllTo}`);
    prefs['network.dns.forceResolve'] = ip.replace(/^\[|\]$/g, '');
    prefs['network.socket.forcePort'] = `80=${port};443=${port}`;
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: !headed,
    acceptInsecureCerts: ignoreCertErrors,
    args: ['--remote-allow-system-access'],
    env: { ...process.env, MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' },
    extraPrefsFirefox: prefs,
    // Firefox ESR's BiDi lacks the screen-orientation override puppeteer sends with any
    // viewport: keep the window's size (the popup's own CSS sets its 380 px width).
    defaultViewport: null,
  });
  const session = new FirefoxSession(browser);
  try {
    await browser.installExtension(path.resolve(extensionDir));
    await session.untilListening();
  } catch (e) {
    await browser.close();
    throw e;
  }
  return session;
}

export class FirefoxSession {
  constructor(browser) {
    this.browser = browser;
    this.extensionId = EXTENSION_UUID;
    this.origin = `moz-extension://${EXTENSION_UUID}`;
    this.probe = null;
  }

  async close() {
    await this.browser.close();
  }

  newPage() {
    return this.browser.newPage();
  }

  /** Opens one of the extension's pages in a new tab and waits until it has run. */
  async openExtensionPage(file, { ready = 'true' } = {}) {
    const page = await this.browser.newPage();
    const url = `${this.origin}/${file}`;
    page.goto(url).catch(() => {}); // never reports the load: polled below
    const deadline = Date.now() + 15000;
    while (Date.now() < deadline) {
      const ok = await page.evaluate(`location.href === ${JSON.stringify(url)} && document.readyState === 'complete' && (${ready})`).catch(() => false);
      if (ok) return page;
      await sleep(100);
    }
    await page.close().catch(() => {});
    throw new Error(`${url} did not open`);
  }

  /** Runs `fn(...args)` in an extension page, where the WebExtension APIs are. */
  async extension(fn, ...args) {
    if (!this.probe || this.probe.isClosed()) {
      this.probe = await this.openExtensionPage('popup.html?tab=0');
    }
    return this.probe.evaluate(fn, ...args);
  }

  /** The extension's tab id of a driver page (see ./tab-id.mjs). */
  tabIdOf(page) {
    return tabIdByTitle(page, (fn, arg) => this.extension(fn, arg));
  }

  /** The stored state of a tab (see extension/background.js). */
  tabState(tabId) {
    return this.extension(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? null, tabId);
  }

  /** The badge Firefox shows for a tab: text, background colour (RGBA) and tooltip. */
  badgeOf(tabId) {
    return this.extension(async (tabId) => ({
      text: await chrome.action.getBadgeText({ tabId }),
      color: await chrome.action.getBadgeBackgroundColor({ tabId }),
      title: await chrome.action.getTitle({ tabId }),
    }), tabId);
  }

  settledReport(tabId, options) {
    return waitForSettledReport(() => this.tabState(tabId), tabId, options);
  }

  /** The popup for a tab, opened as a page (its CSS gives it the toolbar popup's width). */
  openPopup(tabId) {
    return this.openExtensionPage(`popup.html?tab=${tabId}`, { ready: "document.body.dataset.state !== 'loading' && !!document.getElementById('grade')" });
  }

  /**
   * Waits until the just-installed extension's background page has run its module, which
   * registers every listener in its first turn: a page opened before would not be seen
   * navigating (see chromium.mjs, untilListening).
   */
  async untilListening(timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    const ran = () => chrome.extension.getViews().some((w) => w.location.pathname.includes('background') && w.document.readyState === 'complete');
    while (!(await this.extension(ran).catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`the extension's background page did not start within ${timeoutMs} ms`);
      await sleep(50);
    }
  }

  /** Whether the background page is running now (Firefox suspends it when idle). */
  backgroundRunning() {
    return this.extension(() => chrome.extension.getViews().some((w) => w.location.pathname.includes('background')));
  }
}
