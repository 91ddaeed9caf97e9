// `cargo xtask demo` and `cargo xtask scan`: load the built extension in Chromium, visit
// pages, and print what ShopTrust stored for each (a table, or JSON with --json).
import fs from 'node:fs';
import path from 'node:path';
import { startDemoServer } from '../../www/serve.mjs';
import { ROOT, launchWithExtension, tabIdOf, settledReport, badgeOf, openPopup } from './chromium.mjs';

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

function parseArgs(argv) {
  const opts = { demo: false, json: false, resolveAllTo: null, ignoreCertErrors: false, failUnder: null, headed: false, shots: null, urls: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--demo') opts.demo = true;
    else if (a === '--json') opts.json = true;
    else if (a === '--resolve-all-to') opts.resolveAllTo = value();
    else if (a === '--ignore-cert-errors') opts.ignoreCertErrors = true;
    else if (a === '--fail-under') opts.failUnder = value().toUpperCase();
    else if (a === '--headed') opts.headed = true;
    else if (a === '--screenshots') opts.shots = value();
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else opts.urls.push(a);
  }
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
export function publicReport(url, report, badge) {
  return {
    url,
    status: report.status,
    grade: report.grade ?? null,
    score: report.score ?? null,
    verdict: text(report.verdictKey),
    unknownReason: report.unknownReasonKey ? text(report.unknownReasonKey) : null,
    unknownDetail: report.unknownDetail ?? null,
    badge: badge ? { text: badge.text, color: badge.color } : null,
    concerns: Object.fromEntries((report.concerns ?? []).map((c) => [c.concern, { grade: c.grade, score: c.score, findings: c.findingIds }])),
    findings: (report.findings ?? []).map((f) => ({
      id: f.id,
      concern: f.concern,
      severity: f.severity,
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
  };
}

// A page ShopTrust could not judge here, and why.
function unknownResult(url, reason) {
  return { url, status: 'unknown', grade: null, verdict: text('verdict_unknown'), unknownReason: reason, findings: [], concerns: {}, caveats: [], trackers: [] };
}

async function judge(ctx, extensionId, url, shotPath) {
  const page = await ctx.newPage();
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 30000 });
  } catch (err) {
    await page.close();
    return unknownResult(url, `the page did not load: ${err.message.split('\n')[0]}`);
  }
  const tabId = await tabIdOf(ctx, page);
  const report = await settledReport(ctx, tabId, { url: page.url() }).catch(() => null);
  const badge = await badgeOf(ctx, tabId);
  if (shotPath) {
    const popup = await openPopup(ctx, extensionId, tabId);
    await popup.screenshot({ path: shotPath, fullPage: true });
    await popup.close();
  }
  await page.close();
  if (!report) {
    return unknownResult(url, 'ShopTrust reported nothing for this page in time');
  }
  return publicReport(page.url(), report, badge);
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
  const verdicts = results.filter((r) => r.payment).map((r) => `  ${new URL(r.url).host}: ${r.payment.verdict}`);
  const trackers = results.filter((r) => r.trackers?.length)
    .map((r) => `  ${new URL(r.url).host}: ${r.trackers.map((t) => t.label).join('; ')}`);
  return [line(head), line(widths.map((w) => '-'.repeat(w)).concat('-'.repeat(12))), ...rows.map(line),
    ...(verdicts.length ? ['', 'payment verdicts:', ...verdicts] : []),
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
    const shops = JSON.parse(fs.readFileSync(path.join(ROOT, 'www/shops/demo.json'), 'utf8'));
    urls = shops.map((s) => s.url);
    opts.shots ??= path.join(ROOT, 'dist/demo');
  }
  if (!urls.length) throw new Error('give at least one URL to scan');
  if (opts.headed && !process.env.DISPLAY) throw new Error('--headed needs a DISPLAY');
  if (opts.shots) fs.mkdirSync(opts.shots, { recursive: true });

  const browser = await launchWithExtension({ resolveAllTo: opts.resolveAllTo, ignoreCertErrors: opts.ignoreCertErrors, headed: opts.headed });
  const results = [];
  try {
    for (const url of urls) {
      const shot = opts.shots ? path.join(opts.shots, `${new URL(url).host.replace(/[^\w.-]/g, '_')}.png`) : null;
      results.push(await judge(browser.ctx, browser.extensionId, url, shot));
    }
    if (opts.headed) {
      for (const url of urls) await (await browser.ctx.newPage()).goto(url);
      console.error('Chromium is open on the demo shops; close it to finish.');
      await new Promise((resolve) => browser.ctx.on('close', resolve));
    }
  } finally {
    if (!opts.headed) await browser.close();
    await server?.close();
  }

  if (opts.json) console.log(JSON.stringify(results, null, 2));
  else {
    console.log(table(results));
    if (opts.shots) console.log(`\npopup screenshots: ${path.relative(process.cwd(), opts.shots)}/`);
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
