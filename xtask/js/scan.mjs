// `cargo xtask demo` and `cargo xtask scan`: load the built extension in Chromium (or,
// with --browser firefox, the Firefox package in Firefox ESR), visit pages, and print what
// ShopTrust stored for each (a table, or JSON with --json).
import fs from 'node:fs';
import path from 'node:path';
import { startDemoServer } from '../../www/serve.mjs';
import { ROOT, CONSENT_LIMIT_MS, launchWithExtension, tabIdOf, judgedReport, waitForJudgedReport, waitForSettledReport, settledReport, badgeOf, openPopup } from './chromium.mjs';
import { launchFirefoxWithExtension } from './firefox.mjs';
import { fillPage } from './fill.mjs';

export const BROWSERS = ['chromium', 'firefox'];

const GRADE_ORDER = ['A', 'B', 'C', 'D', 'F'];
const messages = JSON.parse(fs.readFileSync(path.join(ROOT, 'extension/_locales/en/messages.json'), 'utf8'));
const text = (key) => messages[key]?.message ?? key;
/** A message with its $NAME$ placeholders filled from `subs`, as chrome.i18n does. */
const textWith = (key, subs = []) => {
  const m = messages[key];
  if (!m) return key;
  return m.message.replace(/\$(\w+)\$/g, (all, name) => {
    const content = m.placeholders?.[name.toLowerCase()]?.content ?? '';
    const index = /^\$(\d)$/.exec(content)?.[1];
    return index ? String(subs[Number(index) - 1] ?? '') : all;
  });
};
/** A `{key, subs}` line from the core as text. */
const lineText = (line) => (line?.key ? textWith(line.key, line.subs ?? []) : null);

function parseArgs(argv) {
  const opts = { browser: 'chromium', lang: null, demo: false, json: false, fill: false, resolveAllTo: null, ignoreCertErrors: false, failUnder: null, headed: false, shots: null, urls: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--demo') opts.demo = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--fill') opts.fill = true;
    else if (a === '--resolve-all-to') opts.resolveAllTo = value();
    else if (a === '--ignore-cert-errors') opts.ignoreCertErrors = true;
    else if (a === '--fail-under') opts.failUnder = value().toUpperCase();
    else if (a === '--headed') opts.headed = true;
    else if (a === '--browser') opts.browser = value();
    else if (a === '--lang') opts.lang = value();
    else if (a === '--screenshots') opts.shots = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.urls.push(a);
  }
  if (!BROWSERS.includes(opts.browser)) throw new Error(`--browser takes one of ${BROWSERS.join(' ')}`);
  if (opts.failUnder && !GRADE_ORDER.includes(opts.failUnder)) throw new Error(`--fail-under takes one of ${GRADE_ORDER.join(' ')}`);
  if (opts.resolveAllTo && !/^[\w.\-\[\]:]+:\d+$/.test(opts.resolveAllTo)) throw new Error('--resolve-all-to takes HOST:PORT');
  return opts;
}

/**
 * The products of one tracker company the shopper would know by name (TrackerDB's pattern
 * names: "LinkedIn Analytics", "Segment"), leaving out those named as the owner is.
 */
export function productNames(owner, patterns) {
  const same = (a, b) => a.toLowerCase() === b.toLowerCase();
  return [...new Set((Array.isArray(patterns) ? patterns : []).map(String))].filter((p) => !same(p, String(owner)));
}

/** "LinkedIn Analytics, LinkedIn Ads (Microsoft)", or the owner alone when no product is named otherwise. */
export function trackerLabel(owner, products) {
  return products.length ? `${products.join(', ')} (${owner})` : String(owner);
}

/**
 * The report's trackers grouped by owner (TrackerDB lists one entry per owner and category):
 * each with the products seen, the label a shopper reads, its categories, and whether any of
 * them counted against the grade.
 */
export function trackersByOwner(trackers) {
  const owners = new Map();
  for (const t of Array.isArray(trackers) ? trackers : []) {
    const owner = String(t.name);
    const entry = owners.get(owner) ?? { owner, products: [], label: '', country: t.country || null, categories: [], countsAgainstGrade: false, requestCount: 0 };
    for (const p of productNames(owner, t.patterns)) if (!entry.products.includes(p)) entry.products.push(p);
    if (!entry.categories.includes(t.category)) entry.categories.push(t.category);
    entry.countsAgainstGrade ||= t.countsAgainstGrade === true;
    entry.requestCount += Number(t.requestCount) || 0;
    owners.set(owner, entry);
  }
  return [...owners.values()].map((e) => ({ ...e, label: trackerLabel(e.owner, e.products) }));
}

/** The stable, documented shape `scan --json` prints for each page (see README). */
export function publicReport(url, report, badge, { consentTimedOut = false } = {}) {
  return {
    url,
    status: report.status,
    grade: report.grade ?? null,
    score: report.score ?? null,
    verdict: lineText(report.headline) ?? text(report.verdictKey),
    headline: lineText(report.headline) ?? text(report.verdictKey),
    payLine: lineText(report.payLine),
    // The consent look had not finished within the limit when the report was taken.
    consentStillDetecting: consentTimedOut,
    unknownReason: report.unknownReasonKey ? text(report.unknownReasonKey) : null,
    unknownDetail: report.unknownDetail ?? null,
    badge: badge ? { text: badge.text, color: badge.color } : null,
    concerns: Object.fromEntries((report.concerns ?? []).map((c) => [c.concern, {
      grade: c.grade, score: c.score, tier: c.tier ?? null, line: lineText(c.line), ownerScore: c.ownerScore ?? null, findings: c.findingIds,
    }])),
    findings: (report.findings ?? []).map((f) => ({
      id: f.id,
      concern: f.concern,
      severity: f.severity,
      tier: f.tier ?? null,
      allowed: f.allowed === true,
      cost: f.cost,
      title: text(f.titleKey),
      evidence: f.evidence,
      tip: text(f.tipKey),
      fix: text(f.fixKey),
    })),
    caveats: (report.caveats ?? []).map((c) => ({ caveat: text(c.key), detail: c.detail })),
    trackers: trackersByOwner(report.trackers),
    payment: report.payment
      ? {
        verdict: textWith(report.payment.verdictKey, report.payment.verdictSubs),
        cardFields: report.payment.cardFields,
        readers: report.payment.readers,
        scripts: report.payment.scripts,
      }
      : null,
    // Who got what was typed ("Data you type"); null when nothing was typed. Redacted by the
    // core: kinds, recipients and encodings, never a value.
    data: report.data
      ? {
        leaks: (report.data.leaks ?? []).map((l) => ({
          kind: l.kind, finding: l.findingId, recipientHost: l.recipientHost, recipientCompany: l.recipientCompany ?? null,
          encoding: l.encoding, beforeSubmit: l.beforeSubmit, secondsAfterTyping: l.secondsAfterTyping, evidenceUrl: l.evidenceUrl,
        })),
        requestsSearched: report.data.requestsSearched,
        requestsCapped: report.data.requestsCapped,
      }
      : null,
  };
}

// A page ShopTrust could not judge here, and why.
function unknownResult(url, reason) {
  const verdict = text('verdict_unknown');
  return { url, status: 'unknown', grade: null, verdict, headline: verdict, payLine: null, unknownReason: reason, findings: [], concerns: {}, caveats: [], trackers: [] };
}

/**
 * The browser with ShopTrust loaded, behind the few calls a scan makes, the same for both:
 * newPage, tabIdOf, judgedReport, badgeOf, screenshots, untilClosed, close.
 * `screenshots(tabId, base)` saves `<base>.png`, the popup's first screen as the shopper
 * sees it (380×600; Chrome's popup cap is 800×600), and `<base>-full.png`, the whole popup
 * with every concern row open.
 */
export async function launchBrowser(browser, { resolveAllTo, ignoreCertErrors, headed = false, lang = null }) {
  const firstScreen = { x: 0, y: 0, width: 380, height: 600 };
  if (browser === 'firefox') {
    const firefox = await launchFirefoxWithExtension({ resolveAllTo, ignoreCertErrors, headed });
    return {
      name: 'Firefox',
      newPage: () => firefox.newPage(),
      tabIdOf: (page) => firefox.tabIdOf(page),
      judgedReport: (tabId, options) => waitForJudgedReport(() => firefox.tabState(tabId), tabId, options),
      settledReport: (tabId, options) => waitForSettledReport(() => firefox.tabState(tabId), tabId, options),
      badgeOf: (tabId) => firefox.badgeOf(tabId),
      async screenshots(tabId, base) {
        const popup = await firefox.openPopup(tabId);
        await popup.screenshot({ path: `${base}.png`, clip: firstScreen });
        await popup.$$eval('.concern-toggle[aria-expanded="false"]', (rows) => rows.forEach((row) => row.click()));
        await (await popup.$('body')).screenshot({ path: `${base}-full.png` });
        await popup.close();
      },
      untilClosed: () => new Promise((resolve) => firefox.browser.on('disconnected', resolve)),
      close: () => firefox.close(),
    };
  }
  const chromium = await launchWithExtension({ resolveAllTo, ignoreCertErrors, headed, lang });
  return {
    name: 'Chromium',
    newPage: () => chromium.ctx.newPage(),
    tabIdOf: (page) => tabIdOf(chromium.ctx, page),
    judgedReport: (tabId, options) => judgedReport(chromium.ctx, tabId, options),
    settledReport: (tabId, options) => settledReport(chromium.ctx, tabId, options),
    badgeOf: (tabId) => badgeOf(chromium.ctx, tabId),
    async screenshots(tabId, base) {
      const popup = await openPopup(chromium.ctx, chromium.extensionId, tabId);
      await popup.waitForSelector('body:not([data-state="loading"])');
      await popup.screenshot({ path: `${base}.png`, clip: firstScreen });
      await popup.$$eval('.concern-toggle[aria-expanded="false"]', (rows) => rows.forEach((row) => row.click()));
      await popup.screenshot({ path: `${base}-full.png`, fullPage: true });
      await popup.close();
    },
    untilClosed: () => new Promise((resolve) => chromium.ctx.on('close', resolve)),
    close: () => chromium.close(),
  };
}

/**
 * Loads `url` in a new tab and returns its public report (see publicReport). With `fill`,
 * types a synthetic identity into the page's personal-data fields first (./fill.mjs).
 */
export async function judge(browser, url, shotBase, { fill = false } = {}) {
  const page = await browser.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
  } catch (err) {
    await page.close();
    return unknownResult(url, `the page did not load: ${err.message.split('\n')[0]}`);
  }
  const tabId = await browser.tabIdOf(page);
  let judged = await browser.judgedReport(tabId, { url: page.url() }).catch(() => null);
  let filled = null;
  if (judged && fill) {
    filled = await fillPage(page);
    const report = await browser.settledReport(tabId, { url: page.url(), settleMs: 1500 }).catch(() => null);
    if (report) judged = { ...judged, report };
  }
  const badge = await browser.badgeOf(tabId);
  if (shotBase) await browser.screenshots(tabId, shotBase);
  const pageUrl = page.url();
  await page.close();
  if (!judged) {
    return unknownResult(url, 'ShopTrust reported nothing for this page in time');
  }
  const result = publicReport(pageUrl, judged.report, badge, { consentTimedOut: judged.consentTimedOut });
  return fill ? { ...result, filled } : result;
}

/** The demo shops of www/shops/demo.json. */
export function demoShops() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'www/shops/demo.json'), 'utf8'));
}

function table(results) {
  const rows = results.map((r) => [
    new URL(r.url).host + new URL(r.url).pathname,
    r.grade ?? '?',
    r.concerns?.payment?.grade ?? '-',
    r.findings.length ? r.findings.slice(0, 3).map((f) => f.title).join('; ') : (r.unknownReason ?? 'nothing to report'),
  ]);
  const head = ['page', 'grade', 'payment', 'top findings'];
  const widths = [0, 1, 2].map((i) => Math.max(head[i].length, ...rows.map((r) => r[i].length)));
  const line = (r) => `${r[0].padEnd(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2].padEnd(widths[2])}  ${r[3]}`;
  const answers = results.map((r) => [
    `  ${new URL(r.url).host} (${r.grade ?? '?'}): ${r.headline}`,
    ...(r.payLine ? [`      Can I pay here? ${r.payLine}`] : []),
    ...(r.consentStillDetecting ? [`      consent: still looking for a banner after ${CONSENT_LIMIT_MS / 1000} s (the limit); taken as it was`] : []),
  ]).flat();
  const trackers = results.filter((r) => r.trackers?.length)
    .map((r) => `  ${new URL(r.url).host}: ${r.trackers.map((t) => t.label).join('; ')}`);
  return [line(head), line(widths.map((w) => '-'.repeat(w)).concat('-'.repeat(12))), ...rows.map(line),
    '', 'headline and "Can I pay here?":', ...answers,
    ...(trackers.length ? ['', 'trackers (product (owner)):', ...trackers] : [])].join('\n');
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  let server = null;
  let urls = opts.urls;
  if (opts.demo) {
    server = await startDemoServer();
    opts.resolveAllTo = `127.0.0.1:${server.port}`;
    opts.ignoreCertErrors = true;
    urls = demoShops().map((s) => s.url);
    // dist/demo/, dist/demo-firefox/, dist/demo-de/ (German screenshots with --lang de) …
    const suffix = [opts.browser === 'chromium' ? null : opts.browser, opts.lang].filter(Boolean).join('-');
    opts.shots ??= path.join(ROOT, suffix ? `dist/demo-${suffix}` : 'dist/demo');
  }
  if (!urls.length) throw new Error('give at least one URL to scan');
  if (opts.headed && !process.env.DISPLAY) throw new Error('--headed needs a DISPLAY');
  if (opts.shots) fs.mkdirSync(opts.shots, { recursive: true });

  // Debian's Firefox ESR ships its own language only; the UI language is Chromium's --lang.
  if (opts.lang && opts.browser !== 'chromium') throw new Error('--lang works with --browser chromium only');
  const browser = await launchBrowser(opts.browser, { resolveAllTo: opts.resolveAllTo, ignoreCertErrors: opts.ignoreCertErrors, headed: opts.headed, lang: opts.lang });
  const results = [];
  try {
    for (const url of urls) {
      // <host>.png: the first screen; <host>-full.png: the whole popup.
      const shot = opts.shots ? path.join(opts.shots, new URL(url).host.replace(/[^\w.-]/g, '_')) : null;
      results.push(await judge(browser, url, shot, { fill: opts.fill }));
    }
    if (opts.headed) {
      for (const url of urls) await (await browser.newPage()).goto(url);
      console.error(`${browser.name} is open on the demo shops; close it to finish.`);
      await browser.untilClosed();
    }
  } finally {
    if (!opts.headed) await browser.close();
    await server?.close();
  }

  if (opts.json) {
    for (const r of results.filter((x) => x.consentStillDetecting)) {
      console.error(`scan: ${r.url}: consent detection still running after ${CONSENT_LIMIT_MS / 1000} s (the limit); report taken as it was`);
    }
    console.log(JSON.stringify(results, null, 2));
  }
  else {
    console.log(table(results));
    if (opts.shots) console.log(`\npopup screenshots (first screen 380×600, and -full): ${path.relative(process.cwd(), opts.shots)}/`);
  }
  if (opts.failUnder) {
    const bar = GRADE_ORDER.indexOf(opts.failUnder);
    const failing = results.filter((r) => r.grade == null || GRADE_ORDER.indexOf(r.grade) > bar);
    for (const r of failing) console.error(`below ${opts.failUnder}: ${r.url} (${r.grade ?? 'unknown'})`);
    if (failing.length) process.exitCode = 1;
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname);
if (invokedDirectly) {
  main().catch((err) => {
    console.error(`scan: ${err.message}`);
    process.exitCode = 2;
  });
}
