// ShopTrust popup: shows the stored report for one tab. It only displays; all
// judgement happened in the core (grade, headline, pay line, each concern's line, the
// tips and the order of the findings). Everything from the page (evidence, URLs, names)
// is inserted as text nodes, never parsed as HTML.
//
// Layout: the first screen answers "can I buy here?" — grade and headline (sticky), the
// "Can I pay here?" line, at most two tips, "Reject for me" when it applies, then one row
// per concern (its letter and one line) that opens its details. What the letters mean and
// the shop owner's fixes come after the shopper's content.

const CONCERNS = ['connection', 'tracking', 'consent', 'payment', 'data'];
const GRADES = ['A', 'B', 'C', 'D', 'F'];
const TIERS = ['info', 'minor', 'watched', 'risk', 'danger'];

const $ = (id) => document.getElementById(id);
const t = (key, subs) => (key && chrome.i18n.getMessage(key, subs)) || '';
/** A `{key, subs}` line from the core as text. */
const line = (l) => (l && typeof l === 'object' ? t(l.key, Array.isArray(l.subs) ? l.subs.map(String) : []) : '');
/** chrome.i18n has no plural rules: a `_one` key for exactly one, the plain key otherwise. */
const counted = (key, count) => (count === 1 ? t(`${key}_one`) : t(key, [String(count)]));
const tierRank = (tier) => Math.max(0, TIERS.indexOf(String(tier)));

/** Creates an element with attributes; string children become text nodes. */
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function hostOf(url) {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

async function tabToShow() {
  const param = new URLSearchParams(location.search).get('tab');
  if (param !== null && /^\d+$/.test(param)) return Number(param);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

// What to show when storage has no state: with host permissions for every
// http(s) page, a tab whose URL we cannot see is a page ShopTrust cannot read.
async function tabUrl(tabId) {
  try {
    return (await chrome.tabs.get(tabId)).url ?? null;
  } catch {
    return null;
  }
}

function setGrade(letter) {
  const grade = $('grade');
  grade.textContent = letter || '?';
  grade.dataset.grade = letter || '';
  grade.setAttribute('aria-label', letter ? t('popup_grade_label', [letter]) : t('popup_no_grade'));
}

function showReason(text, detail) {
  const box = $('unknown-reason');
  box.replaceChildren();
  if (!text && !detail) {
    box.hidden = true;
    return;
  }
  if (text) box.append(el('p', { class: 'unknown-reason-text' }, text));
  if (detail) box.append(el('p', { class: 'unknown-detail' }, detail));
  box.hidden = false;
}

// --- Findings, for the shopper: what it means, what to do, what was seen. The fix for the
// shop owner is in the owner's section.

function findingNode(finding) {
  const severity = String(finding.severity || 'info');
  const tier = TIERS.includes(finding.tier) ? finding.tier : 'info';
  const cost = Number(finding.cost) || 0;
  const evidence = Array.isArray(finding.evidence) ? finding.evidence : [];
  const meta = el('p', { class: 'finding-cost' },
    el('span', { class: 'tier' }, t(`popup_tier_${tier}`)), ' · ',
    cost > 0 ? counted('popup_cost_points', cost) : t('popup_cost_none'));
  if (finding.allowed === true) meta.append(' · ', el('span', { class: 'allowed' }, t('popup_allowed')));
  return el('article', { class: `finding tier-${tier} sev-${severity}`, 'data-id': finding.id, 'data-tier': tier, 'data-severity': severity },
    el('div', { class: 'finding-head' },
      el('h3', { class: 'finding-title' }, t(finding.titleKey) || String(finding.id)),
      meta),
    el('p', { class: 'finding-why' }, t(finding.whyKey)),
    el('p', { class: 'finding-tip' }, el('strong', {}, t('popup_you_can')), ' ', t(finding.tipKey)),
    evidence.length
      ? el('div', { class: 'finding-seen' },
        el('h4', {}, t('popup_what_we_saw')),
        el('ul', { class: 'evidence' }, ...evidence.map((l) => el('li', {}, String(l)))))
      : null);
}

// --- Who watches you: tracking companies by category (payment providers are not
// watching you: they take the card), then other third parties.

function requestsNode(count, urls, cls) {
  return el('details', { class: cls },
    el('summary', {}, counted('popup_requests', count)),
    el('ul', { class: 'requests' }, ...urls.map((u) => el('li', {}, String(u)))));
}

// The products a shopper knows (TrackerDB's pattern names: "LinkedIn Analytics", "Segment")
// that are not named as their owner is.
function productsOf(company) {
  const owner = String(company.name).toLowerCase();
  const patterns = Array.isArray(company.patterns) ? company.patterns.map(String) : [];
  return [...new Set(patterns)].filter((p) => p.toLowerCase() !== owner);
}

// One product: its name, the owner first in the line below. Several: the owner, then a list.
function companyNode(company) {
  const name = String(company.name);
  const products = productsOf(company);
  const meta = el('p', { class: 'tracker-meta' });
  if (products.length === 1) meta.append(el('span', { class: 'tracker-owner' }, name));
  if (company.country) meta.append(meta.childNodes.length ? ' · ' : '', String(company.country));
  if (!company.countsAgainstGrade) meta.append(meta.childNodes.length ? ' · ' : '', t('popup_no_cost'));
  // The core keeps only https: links; check again before making one clickable.
  const policy = String(company.privacyPolicyUrl || '');
  if (policy.startsWith('https://')) {
    meta.append(meta.childNodes.length ? ' · ' : '',
      el('a', { href: policy, target: '_blank', rel: 'noopener noreferrer' }, t('popup_privacy_policy')));
  }
  const requests = Array.isArray(company.requests) ? company.requests : [];
  return el('div', { class: 'tracker-company', 'data-name': name, 'data-products': products.join(', '), 'data-category': String(company.category) },
    el('h4', { class: 'tracker-name' }, products.length === 1 ? products[0] : name),
    meta,
    products.length > 1 ? el('ul', { class: 'tracker-products' }, ...products.map((p) => el('li', {}, p))) : null,
    requests.length ? requestsNode(Number(company.requestCount) || requests.length, requests, 'tracker-requests') : null);
}

function trackersNode(report) {
  const companies = (Array.isArray(report.trackers) ? report.trackers : []).filter((c) => String(c.category) !== 'payment');
  const box = el('div', { class: 'trackers' }, el('h3', { class: 'trackers-heading' }, t('popup_trackers_heading')));
  if (!companies.length) box.append(el('p', { class: 'trackers-none' }, t('popup_trackers_none')));
  const categories = [...new Set(companies.map((c) => String(c.category)))];
  for (const category of categories) {
    const members = companies.filter((c) => String(c.category) === category);
    box.append(el('section', { class: 'tracker-category', 'data-category': category },
      el('h4', { class: 'tracker-category-name' }, String(members[0].categoryName || category)),
      ...members.map(companyNode)));
  }
  // The core marks the third parties it knows nothing about (src/report/tracking.rs).
  const others = (Array.isArray(report.thirdParties) ? report.thirdParties : []).filter((p) => p.unrecognised === true);
  if (others.length) {
    box.append(el('details', { class: 'third-parties' },
      el('summary', {}, t('popup_third_parties_heading'), ` (${others.length})`),
      el('ul', {}, ...others.map((p) => el('li', { 'data-site': String(p.site) }, String(p.site))))));
  }
  return box;
}

// --- Consent: the banner's name, the fairness checklist, what ran before consent.

function answerText(consent) {
  const answer = t(`popup_consent_answer_${consent.answer}`) || String(consent.answer);
  const by = consent.answeredBy === 'shoptrust' ? ` ${t('popup_consent_by_shoptrust')}` : '';
  return t('popup_consent_answered', [answer]) + by;
}

function consentNode(report) {
  const consent = report.consent;
  if (!consent || typeof consent !== 'object') return null;
  const box = el('div', { class: 'consent-summary' }, el('h3', { class: 'consent-heading' }, t('popup_consent_heading')));
  const iabCmpId = Number.isInteger(consent.iabCmpId) && consent.iabCmpId > 0 ? consent.iabCmpId : 0;
  const banner = consent.banner
    ? t('popup_consent_banner', [String(consent.banner)])
    : iabCmpId
      ? t('popup_consent_iab_banner', [String(iabCmpId)])
      : t(consent.genericBanner ? 'popup_consent_generic_banner' : 'popup_consent_no_banner');
  box.append(el('p', { class: 'consent-banner', 'data-banner': String(consent.banner || ''), 'data-iab-cmp-id': String(iabCmpId) }, banner));
  if (consent.answer) {
    box.append(el('p', { class: 'consent-answer', 'data-answer': String(consent.answer) }, answerText(consent)));
  }
  const checks = Array.isArray(consent.checks) ? consent.checks : [];
  box.append(el('ul', { class: 'consent-checks' }, ...checks.map((c) => {
    const id = String(c.id);
    const status = ['pass', 'fail', 'unknown'].includes(c.status) ? c.status : 'unknown';
    return el('li', { class: `consent-check check-${status}`, 'data-check': id, 'data-status': status },
      el('span', { class: 'consent-check-name' }, t(`consent_check_${id.replace(/-/g, '_')}`) || id), ': ',
      el('span', { class: 'consent-check-status' }, t(`popup_consent_status_${status}`)));
  })));
  const before = Array.isArray(consent.trackersBeforeConsent) ? consent.trackersBeforeConsent : [];
  if (before.length) {
    box.append(el('div', { class: 'consent-before' },
      el('h4', {}, t('popup_consent_trackers_before')),
      el('ul', {}, ...before.map((name) => el('li', { 'data-name': String(name) }, String(name))))));
  }
  return box;
}

// --- "Reject for me", on the first screen. It acts only on the shopper's click (autoconsent
// knows the banner: report.consent.canRejectForMe). Focus stays on the button while it
// works, moves to the result line when the re-judged report arrives, and the new grade is
// announced through #announce.
let shownTabId = null;
const reject = { pending: false, error: '', clicked: false };

async function rejectForMe() {
  if (reject.pending) return;
  reject.pending = true;
  reject.error = '';
  reject.clicked = true;
  drawRejectArea(lastReport);
  let answer;
  try {
    answer = await chrome.tabs.sendMessage(shownTabId, { type: 'consent-reject-for-me' });
  } catch (e) {
    answer = { ok: false, error: String(e) };
  }
  reject.pending = false;
  // On success the page is judged again and this popup redraws from storage.
  if (!answer?.ok) reject.error = t('popup_consent_reject_failed', [String(answer?.error || '')]);
  drawRejectArea(lastReport);
}

function drawRejectArea(report) {
  const area = $('reject-area');
  const hadFocus = area.contains(document.activeElement);
  const consent = report?.consent;
  area.replaceChildren();
  let focusable = null;
  if (consent?.canRejectForMe === true && shownTabId !== null) {
    const button = el('button', { type: 'button', class: 'consent-reject-for-me', 'data-focus-key': 'reject' },
      t('popup_consent_reject_for_me'));
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus.
    if (reject.pending) button.setAttribute('aria-disabled', 'true');
    button.addEventListener('click', rejectForMe);
    const status = reject.pending ? t('popup_consent_rejecting') : reject.error;
    area.append(button, el('p', { class: 'consent-reject-hint' }, t('popup_consent_reject_hint')),
      el('p', { class: 'consent-reject-status', role: 'status' }, status));
    focusable = button;
  } else if (consent?.answer && consent.answeredBy === 'shoptrust') {
    focusable = el('p', { class: 'consent-answer', 'data-answer': String(consent.answer), tabindex: '-1' }, answerText(consent));
    area.append(focusable);
  }
  area.hidden = focusable === null;
  if (hadFocus && focusable) focusable.focus();
}

function announceGrade(report) {
  if (!reject.clicked || !report) return;
  const text = t('popup_new_grade', [String(report.grade || '?'), line(report.headline) || t(report.verdictKey)]);
  if ($('announce').textContent !== text) $('announce').textContent = text;
}

// --- Payment: where the card goes, other ways to pay, the scripts that can read it.

function scriptNode(script) {
  const party = String(script.party);
  const name = script.inline
    ? (script.suspicious ? String(script.owner) : t('popup_payment_inline_count', [String(Number(script.count) || 0)]))
    : String(script.src || script.owner);
  const tags = [t(`popup_payment_party_${party}`) || party];
  if (!script.inline && script.src) tags.push(t(script.integrity ? 'popup_payment_sri_yes' : 'popup_payment_sri_no'));
  if (script.injected) tags.push(t('popup_payment_injected'));
  if (script.suspicious) tags.push(t('popup_payment_suspicious'));
  return el('li', {
    class: `payment-script party-${party}${script.suspicious ? ' suspicious' : ''}`,
    'data-party': party,
    'data-sri': script.integrity ? 'yes' : 'no',
    'data-src': String(script.src || ''),
  },
  el('span', { class: 'payment-script-name' }, name),
  el('span', { class: 'payment-script-owner' }, script.inline || !script.owner ? '' : String(script.owner)),
  el('span', { class: 'payment-script-tags' }, tags.join(' · ')));
}

function paymentNode(payment) {
  const subs = Array.isArray(payment.verdictSubs) ? payment.verdictSubs.map(String) : [];
  const box = el('div', { class: 'payment', 'data-card-fields': String(payment.cardFields) },
    el('p', { class: 'payment-verdict-line' }, t(payment.verdictKey, subs)));
  const wallets = Array.isArray(payment.wallets) ? payment.wallets.map(String) : [];
  if (wallets.length) box.append(el('p', { class: 'payment-wallets' }, t('popup_payment_wallets', [wallets.join(', ')])));
  const scripts = Array.isArray(payment.scripts) ? payment.scripts : [];
  box.append(el('h3', { class: 'payment-scripts-heading' },
    t(payment.cardFields === 'page' ? 'popup_payment_scripts_readers' : 'popup_payment_scripts_frame')));
  box.append(scripts.length
    ? el('ul', { class: 'payment-scripts' }, ...scripts.map(scriptNode))
    : el('p', { class: 'payment-no-scripts' }, t('popup_payment_no_scripts')));
  return box;
}

// --- Data you type: who got what, redacted by the core (never the value itself).
const HASHES = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256' };

/** The core's encoding name (`plain`, `url-encoded`, `sha256`, `sha256 in base64`…) in words. */
function howSent(encoding) {
  const [inner, outer] = String(encoding).split(' in ');
  if (HASHES[inner]) return t(outer ? 'data_how_hash_base64' : 'data_how_hash', [HASHES[inner]]);
  if (inner.startsWith('base64') || outer) return t('data_how_base64');
  return t(inner === 'plain' ? 'data_how_plain' : 'data_how_encoded');
}

function dataNode(data) {
  const leaks = Array.isArray(data.leaks) ? data.leaks : [];
  return el('ul', { class: 'data-leaks' }, ...leaks.map((leak) => el('li', { class: 'data-leak', 'data-finding-id': String(leak.findingId) },
    el('p', { class: 'data-leak-line' }, t(leak.beforeSubmit ? 'data_leak_before_submit' : 'data_leak_after_submit',
      [t(`data_kind_${leak.kind}`) || String(leak.kind), String(leak.recipientCompany || leak.recipientHost), howSent(leak.encoding)])),
    el('p', { class: 'data-leak-url' }, String(leak.evidenceUrl)))));
}

// --- One row per concern: its letter and one line; the row opens its details.
const expanded = new Set();

function concernNode(concern, summary, findings, extras) {
  const id = `concern-${concern}-details`;
  const open = expanded.has(concern);
  const rowLine = summary ? line(summary.line) : '';
  const lineNode = el('span', { class: 'concern-line' }, rowLine || t('popup_concern_clean'));
  // The finding the line names (the concern's worst), so tests and styles can find it.
  const named = findings.find((f) => summary?.line?.key && f.titleKey === summary.line.key);
  if (named) lineNode.dataset.findingId = String(named.id);
  const toggle = el('button', {
    type: 'button', class: 'concern-toggle', 'aria-expanded': String(open), 'aria-controls': id, 'data-focus-key': `concern:${concern}`,
  },
  el('span', { class: 'concern-grade', 'data-grade': summary?.grade ?? '' }, summary?.grade ?? '–'),
  el('span', { class: 'concern-text' }, el('span', { class: 'concern-name' }, t(`concern_${concern}`) || concern), lineNode),
  el('span', { class: 'concern-chevron', 'aria-hidden': 'true' }));
  const details = el('div', { id, class: 'concern-details' });
  details.hidden = !open;
  if (summary) details.append(el('p', { class: 'concern-score' }, t('popup_concern_score', [String(summary.score)])));
  details.append(...extras.before);
  if (findings.length) details.append(...findings.map(findingNode));
  else details.append(el('p', { class: 'concern-clean' }, t('popup_concern_clean')));
  details.append(...extras.after);
  toggle.addEventListener('click', () => {
    const now = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(now));
    details.hidden = !now;
    if (now) expanded.add(concern);
    else expanded.delete(concern);
  });
  return el('section', { class: 'concern', 'data-concern': concern, 'data-tier': summary?.tier ?? '' },
    el('h2', { class: 'concern-heading' }, toggle), details);
}

/** Findings worst first (the core sorts them; the order is kept within a tier). */
function worstFirst(findings) {
  return findings.map((f, i) => [f, i]).sort(([a, i], [b, j]) => tierRank(b.tier) - tierRank(a.tier) || i - j).map(([f]) => f);
}

function renderConcerns(report, findings) {
  const concerns = Array.isArray(report.concerns) ? report.concerns : [];
  const shown = concerns.map((c) => c.concern).filter((c) => typeof c === 'string');
  for (const f of findings) if (!shown.includes(f.concern)) shown.push(f.concern);
  const summaryOf = (concern) => concerns.find((c) => c.concern === concern);
  // The rows in the order of what they mean for the shopper: the worst concern first; between
  // equals, the one holding the earlier finding (the core sorts findings worst first).
  const firstFinding = (c) => {
    const i = findings.findIndex((f) => f.concern === c);
    return i === -1 ? findings.length : i;
  };
  const order = (c) => (CONCERNS.indexOf(c) === -1 ? CONCERNS.length : CONCERNS.indexOf(c));
  shown.sort((a, b) => tierRank(summaryOf(b)?.tier) - tierRank(summaryOf(a)?.tier)
    || firstFinding(a) - firstFinding(b) || order(a) - order(b));
  $('concerns').replaceChildren(...shown.map((concern) => {
    const extras = { before: [], after: [] };
    if (concern === 'payment' && report.payment) extras.before.push(paymentNode(report.payment));
    if (concern === 'data' && report.data) extras.before.push(dataNode(report.data));
    if (concern === 'tracking') extras.after.push(trackersNode(report));
    if (concern === 'consent') {
      const consent = consentNode(report);
      if (consent) extras.after.push(consent);
    }
    return concernNode(concern, summaryOf(concern), findings.filter((f) => f.concern === concern), extras);
  }));
  // Payment is not "not checked" on a page without a card form: the pay line says so; nor
  // is "Data you type" before the shopper typed anything.
  const unchecked = report.status === 'judged'
    ? CONCERNS.filter((c) => !shown.includes(c) && !(c === 'payment' && !report.payment) && c !== 'data')
    : [];
  $('not-checked').textContent = unchecked.length
    ? t('popup_not_checked', [unchecked.map((c) => t(`concern_${c}`)).join(', ')])
    : '';
  $('not-checked').hidden = unchecked.length === 0;
}

// --- For the shop owner: each concern's owner score and every fix, after the shopper's part.

function renderOwner(report, findings) {
  const concerns = Array.isArray(report.concerns) ? report.concerns : [];
  $('owner-scores').replaceChildren(...concerns.map((c) => el('li', { 'data-concern': String(c.concern) },
    t('popup_owner_score', [t(`concern_${c.concern}`) || String(c.concern), String(Number(c.ownerScore ?? c.score) || 0)]))));
  const fixes = findings.filter((f) => t(f.fixKey)).map((f) => el('section', { class: 'owner-fix', 'data-for': String(f.id) },
    el('h3', { class: 'owner-fix-title' }, t(f.titleKey) || String(f.id)),
    el('p', {}, t(f.fixKey))));
  $('owner-fixes').replaceChildren(...(fixes.length ? fixes : [el('p', { class: 'owner-nothing' }, t('popup_owner_nothing'))]));
  $('owner-section').hidden = concerns.length === 0 && fixes.length === 0;
}

function renderReport(report) {
  const findings = worstFirst(Array.isArray(report.findings) ? report.findings : []);

  const tips = [...new Set((Array.isArray(report.topTips) ? report.topTips : []).map((key) => t(key)).filter(Boolean))].slice(0, 2);
  $('tips').replaceChildren(...tips.map((tip) => el('li', {}, tip)));
  $('tips-section').hidden = tips.length === 0;

  drawRejectArea(report);
  renderConcerns(report, findings);
  renderOwner(report, findings);

  const caveats = Array.isArray(report.caveats) ? report.caveats : [];
  $('caveats').replaceChildren(...caveats.map((c) => el('li', { 'data-caveat': String(c.key) },
    el('span', { class: 'caveat-text' }, t(c.key) || String(c.key)),
    c.detail ? el('span', { class: 'caveat-detail' }, String(c.detail)) : null)));
  $('caveats-section').hidden = caveats.length === 0;
}

function clearReport() {
  // The "Reject for me" area is redrawn in place (drawRejectArea), so its focus is kept.
  for (const id of ['tips', 'concerns', 'caveats', 'owner-scores', 'owner-fixes']) $(id).replaceChildren();
  for (const id of ['tips-section', 'caveats-section', 'not-checked', 'pay', 'owner-section']) $(id).hidden = true;
}

let lastReport = null;

function render(state, url) {
  const report = state?.phase === 'done' ? state.report : null;
  const phase = state?.phase ?? (url === null || !/^https?:/.test(url) ? 'unreadable' : 'none');
  const judged = report?.status === 'judged' && GRADES.includes(report.grade);
  document.body.dataset.state = report ? (judged ? 'judged' : 'unknown') : phase;
  lastReport = report;

  $('host').textContent = hostOf(report?.url || state?.url || url || '');
  clearReport();
  if (report) {
    setGrade(judged ? report.grade : '');
    $('verdict').textContent = line(report.headline) || t(report.verdictKey) || t('verdict_unknown');
    const pay = judged ? line(report.payLine) : '';
    $('payment-verdict').textContent = pay;
    $('pay').dataset.cardForm = report.payment ? 'yes' : 'no';
    $('pay').hidden = !pay;
    showReason(judged ? '' : t(report.unknownReasonKey) || report.unknownReasonKey, judged ? '' : report.unknownDetail);
    renderReport(report);
    announceGrade(judged ? report : null);
  } else {
    setGrade('');
    drawRejectArea(null);
    $('verdict').textContent = t(`popup_state_${phase}`) || t('verdict_unknown');
    // Firefox closes Mozilla's own sites to extensions where Chrome closes its Web Store.
    const firefox = chrome.runtime.getURL('').startsWith('moz-extension:');
    const detail = `popup_state_${phase}_detail`;
    showReason((firefox && t(`${detail}_firefox`)) || t(detail), '');
  }
}

function renderLetters() {
  $('letters-list').replaceChildren(...GRADES.flatMap((g) => [
    el('dt', {}, el('span', { class: 'letter', 'data-grade': g }, g)),
    el('dd', {}, t(`popup_letter_${g}`)),
  ]));
}

async function main() {
  document.documentElement.lang = chrome.i18n.getUILanguage();
  document.title = t('extName');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  renderLetters();

  const tabId = await tabToShow();
  if (tabId === null) return render(null, null);
  shownTabId = tabId;
  const key = `${globalThis.ShopTrustContract.storage.tabKeyPrefix}${tabId}`;
  const url = await tabUrl(tabId);
  let last = '';
  const show = (state) => {
    // Re-render only when what is shown changes; open sections and focus stay put.
    const shown = JSON.stringify([state?.phase, state?.url, state?.phase === 'done' ? state.report : null]);
    if (shown === last) return;
    last = shown;
    const focusKey = document.activeElement?.dataset?.focusKey ?? null;
    const open = new Set([...document.querySelectorAll('details[open][id]')].map((d) => d.id));
    render(state ?? null, url);
    for (const id of open) $(id).open = true;
    if (focusKey && focusKey !== 'reject') document.querySelector(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  };
  let changed = false;
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== 'session' || !(key in changes)) return;
    changed = true;
    show(changes[key].newValue);
  });
  const items = await chrome.storage.session.get(key);
  if (!changed) show(items[key]);
}

main().catch((e) => {
  document.body.dataset.state = 'error';
  $('verdict').textContent = t('verdict_unknown');
  showReason(t('popup_error'), String(e));
});
