// `cargo xtask consent-corpus`: every consent setup in www/shops/consent-corpus.json (real
// open-source banner libraries from npm, hand-made banners in the patterns large consent
// managers use) visited with the built extension in Chromium. Prints, per setup, who found the
// banner (an autoconsent rule, its heuristic, ShopTrust's generic detector, in a frame, or
// nobody), the first-layer buttons with the role the core read in each, whether the labels a
// shopper reads as accept and reject were recognised, and the fairness verdict.
// `--json` prints the same as JSON; URL parts given visit only the setups whose URL holds one. Exit 1 when a setup misses the bar (found, accept and
// reject recognised). tests/e2e/consent-corpus.test.mjs asserts the same through `judgeSetup`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../../www/serve.mjs';
import { ROOT, launchWithExtension, tabIdOf, tabState } from './chromium.mjs';

export const CORPUS = JSON.parse(fs.readFileSync(path.join(ROOT, 'www/shops/consent-corpus.json'), 'utf8')).setups;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DETECTION_BAR_MS = 5000;
const FAIRNESS = ['reject-first-layer', 'reject-as-visible', 'nothing-pre-ticked', 'no-cookie-wall'];

/** Who found the banner, from the collector's facts. */
export function foundBy(consent) {
  if (!consent?.bannerFound) return 'missed';
  const cmp = consent.cmp || '';
  if (cmp && !cmp.startsWith('HEURISTIC')) {
    const first = { detector: ' (the generic detector saw it first)', frame: ' (the generic detector saw it first, in a frame)' }[consent.foundBy] ?? '';
    return `rule ${cmp}${first}`;
  }
  if (consent.foundBy === 'frame') return 'generic detector (frame)';
  if (consent.foundBy === 'detector') return 'generic detector';
  if (cmp) return 'autoconsent heuristic';
  return consent.foundBy || 'found';
}

/** The first-layer button whose label is the expected one (case and spacing aside). */
function buttonLabelled(buttons, label) {
  const norm = (s) => String(s).replace(/\s+/g, ' ').trim().toLowerCase();
  return buttons.find((b) => norm(b.label) === norm(label)) ??
    buttons.find((b) => norm(b.label).includes(norm(label)));
}

/**
 * Visits one setup in a new tab of `ctx` and waits until the banner is judged (or the
 * detection gave up): { setup, found, buttons, recognised, verdict, checks, findings, ok }.
 */
export async function judgeSetup(ctx, setup, { timeoutMs = 20000 } = {}) {
  const page = await ctx.newPage();
  try {
    await page.goto(setup.url, { waitUntil: 'load' });
    const loadedAt = Date.now();
    const tabId = await tabIdOf(ctx, page);
    const deadline = Date.now() + timeoutMs;
    let state = null;
    while (Date.now() < deadline) {
      state = await tabState(ctx, tabId).catch(() => null);
      const consent = state?.facts?.consent;
      const summary = state?.phase === 'done' ? state.report?.consent : null;
      // A banner judged, or none by the time the detection must have its answer (5 s after load).
      const judged = summary && consent && (consent.bannerFound ? summary.buttons?.length > 0
        : consent.detectionDone && Date.now() - loadedAt > DETECTION_BAR_MS);
      if (judged) break;
      await sleep(200);
    }
    const consent = state?.facts?.consent ?? null;
    const report = state?.report ?? null;
    const buttons = report?.consent?.buttons ?? [];
    const recognised = {};
    for (const role of ['accept', 'reject', 'settings']) {
      if (!setup[role]) continue;
      const button = buttonLabelled(buttons, setup[role]);
      recognised[role] = button ? button.role === role : false;
    }
    const checks = Object.fromEntries((report?.consent?.checks ?? []).map((c) => [c.id, c.status]));
    const findings = (report?.findings ?? []).map((f) => f.id).filter((id) => id.startsWith('consent.'));
    const unfair = FAIRNESS.filter((id) => checks[id] === 'fail');
    const verdict = !consent?.bannerFound ? 'not judged (no banner)'
      : unfair.length ? `unfair: ${unfair.join(', ')}` : 'fair';
    const found = foundBy(consent);
    const ok = found !== 'missed' && recognised.accept !== false && recognised.reject !== false;
    return { setup: setup.setup, library: setup.library, kind: setup.kind, lang: setup.lang, url: setup.url, found, buttons, recognised, verdict, checks, findings, ok };
  } finally {
    await page.close();
  }
}

function row(r) {
  const buttons = r.buttons.map((b) => `"${b.label}"=${b.role}`).join(', ') || '-';
  const recognised = Object.entries(r.recognised).map(([role, yes]) => `${role} ${yes ? 'yes' : 'NO'}`).join(', ');
  return [`${r.ok ? 'ok  ' : 'MISS'} ${r.setup} (${r.library}, ${r.kind}, ${r.lang})`,
    `     found by: ${r.found}`,
    `     first layer: ${buttons}`,
    `     recognised: ${recognised || '-'}`,
    `     verdict: ${r.verdict}${r.findings.length ? ` [${r.findings.join(', ')}]` : ''}`].join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const only = args.filter((a) => !a.startsWith('--'));
  const server = await startDemoServer();
  const browser = await launchWithExtension({ resolveAllTo: `127.0.0.1:${server.port}`, ignoreCertErrors: true });
  const results = [];
  try {
    for (const setup of CORPUS.filter((s) => !only.length || only.some((o) => s.url.includes(o)))) {
      const result = await judgeSetup(browser.ctx, setup);
      results.push(result);
      if (!json) console.log(row(result));
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const passed = results.filter((r) => r.ok).length;
  if (json) console.log(JSON.stringify(results, null, 2));
  else console.log(`\n${passed} of ${results.length} setups found with their accept and reject recognised`);
  process.exitCode = passed === results.length ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 2;
  });
}
