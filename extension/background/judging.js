// Judging and the badge: asks the wasm core for a tab's report, stores it with the tab's
// state, and shows the grade on the toolbar badge. All judgement is the core's; this only
// carries the page to it and the report back.
//
// A tab whose state is over its storage budget (./tab-store.js) is stored as its report
// alone, so the report it keeps must not flatter the page: it keeps the worst report of its
// page, says it was cut short, and the badge shows that same report (the popup reads it).
//
// The core, the tab store, chrome.action and chrome.i18n are passed in, so node can import
// and test this module without a browser or the wasm.

import { factsWithWorkerTruncation } from './request-budget.js';
import { byteSize, REPORT_BUDGET_BYTES } from './tab-store.js';

const REEVALUATE_MS = 500;
const GREY = '#6e7781';
const COLOURS = { A: '#1a7f37', B: '#4d7c0f', C: '#9a6700', D: '#bc4c00', F: '#cf222e' };

const clip = (s, max) => (typeof s === 'string' ? s.slice(0, max) : '');

/**
 * Starts the core and loads the tracker data (compiled at build time, shipped in the
 * package at `trackerDataUrl`) into it. The data is read while the wasm compiles, so a worker
 * start waits for the longer of the two, not both. Without the data the core still judges
 * the connection and says tracking was not judged. Resolves when the core can evaluate;
 * rejects if it cannot.
 */
export function startCore({ init, trackerDbLoad, trackerDataUrl, fetch = globalThis.fetch }) {
  const data = (async () => new Uint8Array(await (await fetch(trackerDataUrl)).arrayBuffer()))();
  data.catch(() => {}); // reported below, once the core is up; unused if it never is
  const ready = init().then(async () => {
    try {
      trackerDbLoad(await data);
    } catch (e) {
      console.warn('ShopTrust: tracker data not loaded:', e);
    }
  });
  ready.catch(() => {}); // reported per evaluation as unknown_core_failed
  return ready;
}

/** The report shown when the page could not be judged, with the reason's message key. */
export function unknownReport(reasonKey, detail) {
  return {
    status: 'unknown', verdictKey: 'verdict_unknown', unknownReasonKey: reasonKey,
    unknownDetail: clip(detail, 1000), grade: null, score: null,
    concerns: [], findings: [], topTips: [], caveats: [],
  };
}

const GRADE_ORDER = ['F', 'D', 'C', 'B', 'A'];
const OVER_BUDGET_CAVEAT = { key: 'caveat_truncated', detail: 'stored: the worst report of this page, without its facts (the page gave more than ShopTrust keeps per tab)' };

/** The worse of two reports of one page (a judged one is worse than none or an unknown). */
export function worseReport(a, b) {
  if (a?.status !== 'judged') return b?.status === 'judged' || !a ? b : a;
  if (b?.status !== 'judged') return a;
  const rank = (r) => [GRADE_ORDER.indexOf(r.grade), Number.isFinite(r.score) ? r.score : 0];
  const [ga, sa] = rank(a);
  const [gb, sb] = rank(b);
  return gb < ga || (gb === ga && sb < sa) ? b : a;
}

/** `value` with every string cut to `text` characters and every list to `items` entries. */
function shrink(value, text, items) {
  if (typeof value === 'string') return value.slice(0, text);
  if (Array.isArray(value)) return value.slice(0, items).map((v) => shrink(v, text, items));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shrink(v, text, items)]));
  return value;
}

/** The report a tab over budget keeps: the worst so far, saying so, and small enough. */
export function overBudgetReport(previous, next) {
  let report = { ...worseReport(previous, next) };
  const caveats = Array.isArray(report.caveats) ? report.caveats : [];
  if (!caveats.some((c) => c?.key === OVER_BUDGET_CAVEAT.key && c.detail === OVER_BUDGET_CAVEAT.detail)) {
    report.caveats = [OVER_BUDGET_CAVEAT, ...caveats];
  }
  // Findings come worst first, so cutting lists keeps what matters most; the grade stays.
  for (const [text, items] of [[1000, 200], [300, 50], [120, 10]]) {
    if (byteSize(report) <= REPORT_BUDGET_BYTES) break;
    report = shrink(report, text, items);
    report.caveats = [OVER_BUDGET_CAVEAT, ...report.caveats.slice(1)]; // it came first
  }
  return report;
}

/**
 * `core`: { ready: promise, evaluate(pageJson) -> reportJson, scrubTyped(typedJson, json) -> json }; `store`: the tab store;
 * `action`: chrome.action; `i18n`: chrome.i18n; `typedInputs(tabId)`: the in-memory typed values
 * and outgoing requests of ./outgoing.js, or undefined.
 */
export function createJudging({ core, store, action, i18n, reevaluateMs = REEVALUATE_MS, typedInputs = () => undefined }) {
  const timers = new Map(); // tabId -> pending re-evaluation
  const badges = new Map(); // tabId -> what the badge shows now
  const msg = (name, subs) => i18n.getMessage(name, subs) || name;

  function setBadge(tabId, state) {
    let text = '';
    let color = GREY;
    let title = msg('actionTitle');
    if (state?.phase === 'judging') {
      text = '?';
      title = msg('badge_title_judging');
    } else if (state?.phase === 'done') {
      const report = state.report;
      if (report?.status === 'judged' && COLOURS[report.grade]) {
        text = report.grade;
        color = COLOURS[report.grade];
        // A report stored by an older version has only the verdict key.
        const headline = report.headline ?? { key: report.verdictKey };
        title = msg('badge_title_graded', [report.grade, msg(headline.key, headline.subs)]);
      } else {
        text = '?';
        title = msg('badge_title_unknown');
      }
    }
    const shown = `${text}|${color}|${title}`;
    if (badges.get(tabId) === shown) return;
    badges.set(tabId, shown);
    Promise.all([
      action.setBadgeText({ tabId, text }),
      action.setBadgeBackgroundColor({ tabId, color }),
      action.setBadgeTextColor({ tabId, color: '#ffffff' }),
      action.setTitle({ tabId, title }),
    ]).catch(() => badges.delete(tabId)); // the tab went away meanwhile
  }

  // Chrome clears a tab's badge when it commits a new document: put ours back.
  function restoreBadge(tabId) {
    badges.delete(tabId);
    store.load(tabId).then((state) => state && setBadge(tabId, state));
  }

  async function judge(tabId, state) {
    cancelRejudge(tabId);
    let report;
    let typed;
    let judgedRequests = state.requests.length;
    if (state.factsError !== null) {
      report = unknownReport('unknown_collector_failed', state.factsError);
    } else {
      try {
        await core.ready;
        // `typed` (what the shopper typed, the tab's requests with bodies) is only in this
        // string, never in `state`, which is what gets saved.
        typed = typedInputs(tabId);
        judgedRequests = state.requests.length;
        const page = { facts: factsWithWorkerTruncation(state), mainDocument: state.mainDocument, requests: state.requests, typed };
        report = JSON.parse(core.evaluate(JSON.stringify(page)));
        if (!report || typeof report !== 'object') throw new Error('the core returned no report');
      } catch (e) {
        report = unknownReport('unknown_core_failed', String(e));
      }
    }
    if (store.cached(tabId) !== state) return; // the tab navigated while we waited
    if (typed) scrubTyped(state, typed);
    const previous = state.report;
    state.report = report;
    if (state.overBudget || store.overBudget(state)) {
      state.overBudget = true;
      state.report = overBudgetReport(previous, report);
    }
    state.phase = 'done';
    state.judgedRequests = judgedRequests;
    store.save(tabId, state);
    setBadge(tabId, state);
  }

  // A request URL (or a Resource Timing entry) may carry what the shopper typed: the core
  // redacts every string of what is about to be saved.
  function scrubTyped(state, typed) {
    try {
      const clean = JSON.parse(core.scrubTyped(JSON.stringify(typed),
        JSON.stringify({ facts: state.facts, urls: state.requests.map((r) => r.url) })));
      if (!clean) return;
      state.facts = clean.facts;
      state.requests.forEach((r, i) => { r.url = clean.urls[i] ?? r.url; });
    } catch (e) {
      console.warn('ShopTrust: could not redact typed data from the saved state:', String(e));
    }
  }

  function cancelRejudge(tabId) {
    clearTimeout(timers.get(tabId));
    timers.delete(tabId);
  }

  // New requests or headers after a report: judge again, at most every `reevaluateMs`.
  function rejudgeSoon(tabId) {
    if (timers.has(tabId)) return;
    timers.set(tabId, setTimeout(async () => {
      timers.delete(tabId);
      const state = await store.load(tabId);
      // (A tab stored as its report alone has nothing to judge again until its facts return.)
      if (state?.phase === 'done' && (state.facts || state.factsError !== null)) judge(tabId, state);
    }, reevaluateMs));
  }

  return {
    judge,
    rejudgeSoon,
    cancelRejudge,
    setBadge,
    restoreBadge,
    /** The tab's state could not be stored: the popup shows nothing, so neither does the badge. */
    lost(tabId) {
      setBadge(tabId, { phase: 'done', report: null });
    },
    /** The tab was closed. */
    forget(tabId) {
      badges.delete(tabId);
      cancelRejudge(tabId);
    },
  };
}
