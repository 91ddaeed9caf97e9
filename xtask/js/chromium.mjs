// Debian's Chromium with the built extension loaded, as in the design's test rig.
// Shared by `cargo xtask demo|scan|bench` and the end-to-end tests.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tabIdByTitle } from './tab-id.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = path.join(ROOT, 'dist/chromium');
export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_SERVICE_HOSTS = ['accounts.google.com', 'clients2.google.com', 'update.googleapis.com', 'content-autofill.googleapis.com', 'optimizationguide-pa.googleapis.com', '*.gvt1.com'];

/**
 * Launches Chromium with ShopTrust loaded.
 * resolveAllTo: "127.0.0.1:PORT" sends every host there (demo shops and their third parties).
 * extensionDir: another build of the extension (the consent benchmark compares two).
 */
/**
 * lang: the browser's UI language (e.g. "de"), which the popup and badge follow.
 */
export async function launchWithExtension({ resolveAllTo, ignoreCertErrors = false, headed = false, extensionDir = EXTENSION_DIR, lang = null } = {}) {
  const args = [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    ...browserArgs({ resolveAllTo, ignoreCertErrors, headed, extensionDir, lang }),
  ];
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoptrust-chromium-'));
  const ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false,
    args,
    viewport: { width: 1280, height: 900 },
    // Playwright names a UI language of its own unless given one (chrome.i18n follows it).
    ...(lang ? { locale: lang } : {}),
  });
  const worker = ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 15000 }));
  const extensionId = new URL(worker.url()).host;
  await untilListening(worker);
  const close = async () => {
    await ctx.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { ctx, extensionId, close, worker: () => currentWorker(ctx) };
}

/** The flags both launchers give Chromium, but those that load the extension. */
function browserArgs({ resolveAllTo, ignoreCertErrors, headed, extensionDir, lang }) {
  if (!fs.existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`${extensionDir} has no manifest.json: run cargo xtask build`);
  }
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    // Keep plain-HTTP shops on HTTP so ShopTrust sees them as a shopper on an older
    // browser or a typed http:// link would.
    '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable',
  ];
  if (!headed) args.unshift('--headless=new');
  if (lang) args.push(`--lang=${lang}`);
  // Chromium's own services (account, update, time, autofill) still call home despite
  // the flags above; send them nowhere so the loopback server sees only page traffic.
  const chromiumOwn = CHROMIUM_SERVICE_HOSTS.map((h) => `MAP ${h} ~NOTFOUND`).join(', ');
  if (resolveAllTo) args.push(`--host-resolver-rules=${chromiumOwn}, MAP * ${resolveAllTo}, EXCLUDE localhost`);
  if (ignoreCertErrors) args.push('--ignore-certificate-errors');
  return args;
}

/**
 * `launchWithExtension` driven by puppeteer instead of Playwright, for what Playwright's
 * session turns off: Chromium refuses to prerender while it is attached
 * ("PrerenderingDisabledByDevTools"), and puppeteer's leaves prerendering on.
 * Returns `{ browser, worker(), inWorker(fn, arg), close() }`.
 */
export async function launchWithExtensionPuppeteer({ resolveAllTo, ignoreCertErrors = false, extensionDir = EXTENSION_DIR } = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  // puppeteer names the headless mode itself.
  const args = browserArgs({ resolveAllTo, ignoreCertErrors, headed: true, extensionDir, lang: null });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shoptrust-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM, headless: true, userDataDir, pipe: true, enableExtensions: [extensionDir], args,
  });
  const worker = async () => (await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 15000 })).worker();
  const inWorker = async (fn, arg) => (await worker()).evaluate(fn, arg);
  await untilListening({ evaluate: inWorker });
  const close = async () => {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { browser, worker, inWorker, close };
}

/**
 * Waits until the worker of a just-installed extension has registered its listeners. Chrome
 * queues events for an installed extension's stopped worker, but a fresh profile's worker
 * has none registered while its modules are still loading: a page opened in that moment
 * is not seen navigating (its response headers are missed), and a CI run's tracker report
 * missed the LinkedIn pixel so. A shopper's extension is installed before browsing.
 */
// `worker`: anything with `evaluate(fn)` run in the worker (Playwright's or puppeteer's).
async function untilListening(worker, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await worker.evaluate(() => chrome.webRequest.onBeforeRequest.hasListeners()).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`the extension's worker registered no listeners within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The extension's service worker as it is now (it is stopped and restarted often). */
export async function currentWorker(ctx) {
  const live = ctx.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (live) return live;
  return ctx.waitForEvent('serviceworker', { timeout: 15000 });
}

/** The tab id Chrome gave to a Playwright page (see ./tab-id.mjs). */
export async function tabIdOf(ctx, page) {
  return tabIdByTitle(page, async (fn, arg) => (await currentWorker(ctx)).evaluate(fn, arg));
}

/** The stored state of a tab (see extension/background.js). */
export async function tabState(ctx, tabId) {
  const worker = await currentWorker(ctx);
  return worker.evaluate(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? null, tabId);
}

/** The badge Chrome shows for a tab: text, background colour (RGBA) and tooltip. */
export async function badgeOf(ctx, tabId) {
  const worker = await currentWorker(ctx);
  return worker.evaluate(async (tabId) => ({
    text: await chrome.action.getBadgeText({ tabId }),
    color: await chrome.action.getBadgeBackgroundColor({ tabId }),
    title: await chrome.action.getTitle({ tabId }),
  }), tabId);
}

/**
 * Waits until the tab's report is final: judged (or unknown) for the page's URL, judged with
 * every request the tab has made so far, and neither the report nor the requests changed for
 * `settleMs`. A request the page makes late (a tag's pixel, fired once its script has loaded)
 * is judged again by the worker a moment after it arrives (judging.rejudgeSoon): until then
 * the report is not final, however long it has not changed.
 */
export async function settledReport(ctx, tabId, options) {
  return waitForSettledReport(() => tabState(ctx, tabId), tabId, options);
}

/** `settledReport` for any browser: `readState()` returns the tab's stored state. */
export async function waitForSettledReport(readState, tabId, { timeoutMs = 20000, settleMs = 1200, url } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  let stableSince = 0;
  while (Date.now() < deadline) {
    const state = await readState().catch(() => null);
    const report = state?.phase === 'done' ? state.report : null;
    // A tab stored as its report alone keeps no requests (tab-store.js, storedForm).
    const judgedAll = state?.reportOnly || (state?.judgedRequests ?? 0) >= (state?.requests?.length ?? 0);
    const matches = report && judgedAll && (!url || sameDocument(report.url ?? state.url, url));
    const requestsSeen = `${state?.requests?.length ?? 0}/${state?.requestsDropped ?? 0}`;
    const key = matches ? `${requestsSeen} ${JSON.stringify(report)}` : null;
    if (key && key === last) {
      if (Date.now() - stableSince >= settleMs) return report;
    } else {
      last = key;
      stableSince = Date.now();
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`no settled report for tab ${tabId} within ${timeoutMs} ms (last state: ${last ?? 'none'})`);
}

/** How long `judgedReport` waits for the consent look to finish before taking the report. */
export const CONSENT_LIMIT_MS = 10000;

const consentDetecting = (report) => !report?.consent || (report.caveats ?? []).some((c) => c.key === 'caveat_consent_detecting');

/**
 * The report a scan takes: settled (see `settledReport`) and, within `consentLimitMs`, with
 * the consent look finished (a consent summary and no "still looking" caveat), so a
 * finished result never says "still looking for a consent banner".
 * Returns `{ report, consentTimedOut }`; `consentTimedOut` says the limit was hit.
 */
export async function judgedReport(ctx, tabId, options) {
  return waitForJudgedReport(() => tabState(ctx, tabId), tabId, options);
}

/** `judgedReport` for any browser: `readState()` returns the tab's stored state. */
export async function waitForJudgedReport(readState, tabId, { url, consentLimitMs = CONSENT_LIMIT_MS, timeoutMs = 20000 } = {}) {
  const deadline = Date.now() + consentLimitMs;
  let report = await waitForSettledReport(readState, tabId, { url, timeoutMs });
  while (consentDetecting(report) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    const state = await readState().catch(() => null);
    if (state?.phase === 'done' && !consentDetecting(state.report)) {
      report = await waitForSettledReport(readState, tabId, { url, timeoutMs });
    }
  }
  return { report, consentTimedOut: consentDetecting(report) };
}

function sameDocument(a, b) {
  try {
    const x = new URL(a);
    const y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname;
  } catch {
    return false;
  }
}

/** Opens the popup for a tab as a normal page at the popup's real size. */
export async function openPopup(ctx, extensionId, tabId) {
  const popup = await ctx.newPage();
  await popup.setViewportSize({ width: 380, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('#grade');
  return popup;
}

/** Stops the extension's service worker, as Chrome does when it is idle. */
export async function stopServiceWorker(ctx) {
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  const versions = [];
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => versions.push(...e.versions));
  await new Promise((r) => setTimeout(r, 300));
  const running = versions.filter((v) => v.scriptURL.startsWith('chrome-extension://') && v.runningStatus === 'running');
  for (const v of running) await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId });
  await cdp.detach();
  return running.length;
}
