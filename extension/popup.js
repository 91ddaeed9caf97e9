// ShopTrust popup: shows the stored report for one tab. It only displays; all
// judgement happened in the core. Everything from the page (evidence, URLs) is
// inserted as text nodes, never parsed as HTML.

const CONCERNS = ['connection', 'tracking', 'consent', 'payment'];
const GRADES = ['A', 'B', 'C', 'D', 'F'];

const $ = (id) => document.getElementById(id);
const t = (key, subs) => (key && chrome.i18n.getMessage(key, subs)) || '';

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

function findingNode(finding) {
  const severity = String(finding.severity || 'info');
  const cost = Number(finding.cost) || 0;
  const costText = cost > 0 ? t('popup_cost_points', [String(cost)]) : t('popup_cost_none');
  const evidence = Array.isArray(finding.evidence) ? finding.evidence : [];
  const fix = t(finding.fixKey);
  return el('article', { class: `finding sev-${severity}`, 'data-id': finding.id, 'data-severity': severity },
    el('div', { class: 'finding-head' },
      el('h3', { class: 'finding-title' }, t(finding.titleKey) || finding.id),
      el('p', { class: 'finding-cost' },
        el('span', { class: 'severity' }, t(`severity_${severity}`) || severity), ' · ', costText)),
    el('p', { class: 'finding-why' }, t(finding.whyKey)),
    el('p', { class: 'finding-tip' }, el('strong', {}, t('popup_you_can')), ' ', t(finding.tipKey)),
    evidence.length
      ? el('div', { class: 'finding-seen' },
        el('h4', {}, t('popup_what_we_saw')),
        el('ul', { class: 'evidence' }, ...evidence.map((line) => el('li', {}, String(line)))))
      : null,
    fix
      ? el('details', { class: 'finding-fix', 'data-for': finding.id },
        el('summary', {}, t('popup_for_shop_owner')),
        el('p', {}, fix))
      : null);
}

function requestsNode(count, urls, cls) {
  return el('details', { class: cls },
    el('summary', {}, t('popup_requests', [String(count)])),
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
    requests.length ? requestsNode(company.requestCount ?? requests.length, requests, 'tracker-requests') : null);
}

/** Tracking companies grouped by category, then other third parties. */
function trackersNode(report) {
  const companies = Array.isArray(report.trackers) ? report.trackers : [];
  const box = el('div', { class: 'trackers' }, el('h3', { class: 'trackers-heading' }, t('popup_trackers_heading')));
  if (!companies.length) box.append(el('p', { class: 'trackers-none' }, t('popup_trackers_none')));
  const categories = [...new Set(companies.map((c) => String(c.category)))];
  for (const category of categories) {
    const members = companies.filter((c) => String(c.category) === category);
    box.append(el('section', { class: 'tracker-category', 'data-category': category },
      el('h4', { class: 'tracker-category-name' }, String(members[0].categoryName || category)),
      ...members.map(companyNode)));
  }
  const others = (Array.isArray(report.thirdParties) ? report.thirdParties : []).filter((p) => !p.paymentProvider);
  if (others.length) {
    box.append(el('details', { class: 'third-parties' },
      el('summary', {}, t('popup_third_parties_heading'), ` (${others.length})`),
      el('ul', {}, ...others.map((p) => el('li', { 'data-site': String(p.site) }, String(p.site))))));
  }
  return box;
}

// --- Consent: the banner's name, the fairness checklist, what ran before consent, and
// "Reject for me" (only when the core says autoconsent knows this banner; acts only on click).
let shownTabId = null;

function rejectForMeNode() {
  const status = el('p', { class: 'consent-reject-status', role: 'status' });
  const button = el('button', { type: 'button', class: 'consent-reject-for-me' }, t('popup_consent_reject_for_me'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    status.textContent = t('popup_consent_rejecting');
    let answer;
    try {
      answer = await chrome.tabs.sendMessage(shownTabId, { type: 'consent-reject-for-me' });
    } catch (e) {
      answer = { ok: false, error: String(e) };
    }
    // On success the page is judged again and this popup redraws from storage.
    if (!answer?.ok) {
      status.textContent = t('popup_consent_reject_failed', [String(answer?.error || '')]);
      button.disabled = false;
    }
  });
  return el('div', { class: 'consent-reject' }, el('p', { class: 'consent-reject-hint' }, t('popup_consent_reject_hint')), button, status);
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
    const by = consent.answeredBy === 'shoptrust' ? ` ${t('popup_consent_by_shoptrust')}` : '';
    box.append(el('p', { class: 'consent-answer', 'data-answer': String(consent.answer) },
      t('popup_consent_answered', [t(`popup_consent_answer_${consent.answer}`) || String(consent.answer)]) + by));
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
  if (consent.canRejectForMe === true && shownTabId !== null) box.append(rejectForMeNode());
  return box;
}

/** The payment verdict line, filled from the core's key and substitutions. */
function paymentVerdict(payment) {
  const subs = Array.isArray(payment?.verdictSubs) ? payment.verdictSubs.map(String) : [];
  return t(payment?.verdictKey, subs);
}

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

/** Where the card goes, other ways to pay, and the scripts that can read the card. */
function paymentNode(payment) {
  const box = el('div', { class: 'payment', 'data-card-fields': String(payment.cardFields) },
    el('p', { class: 'payment-verdict-line' }, paymentVerdict(payment)));
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

function concernNode(concern, summary, findings) {
  const heading = el('h2', { class: 'concern-heading' }, el('span', { class: 'concern-name' }, t(`concern_${concern}`) || concern));
  if (summary) {
    heading.append(
      el('span', { class: 'concern-grade', 'data-grade': summary.grade }, summary.grade),
      el('span', { class: 'concern-score' }, t('popup_concern_score', [String(summary.score)])));
  }
  const section = el('section', { class: 'concern', 'data-concern': concern }, heading);
  if (findings.length) {
    section.append(...findings.map(findingNode));
  } else {
    section.append(el('p', { class: 'concern-clean' }, t('popup_concern_clean')));
  }
  return section;
}

function renderReport(report) {
  const concerns = Array.isArray(report.concerns) ? report.concerns : [];
  const findings = Array.isArray(report.findings) ? report.findings : [];

  const tips = Array.isArray(report.topTips) ? report.topTips.map((key) => t(key)).filter(Boolean) : [];
  $('tips').replaceChildren(...tips.map((tip) => el('li', {}, tip)));
  $('tips-section').hidden = tips.length === 0;

  const shown = concerns.map((c) => c.concern).filter((c) => typeof c === 'string');
  for (const f of findings) if (!shown.includes(f.concern)) shown.push(f.concern);
  $('concerns').replaceChildren(...shown.map((concern) => {
    const node = concernNode(concern, concerns.find((c) => c.concern === concern), findings.filter((f) => f.concern === concern));
    if (concern === 'tracking') node.append(trackersNode(report));
    if (concern === 'consent') node.append(consentNode(report) ?? '');
    if (concern === 'payment' && report.payment) node.querySelector('.concern-heading').after(paymentNode(report.payment));
    return node;
  }));

  const unchecked = report.status === 'judged' ? CONCERNS.filter((c) => !shown.includes(c)) : [];
  $('not-checked').textContent = unchecked.length
    ? t('popup_not_checked', [unchecked.map((c) => t(`concern_${c}`)).join(', ')])
    : '';
  $('not-checked').hidden = unchecked.length === 0;

  const caveats = Array.isArray(report.caveats) ? report.caveats : [];
  $('caveats').replaceChildren(...caveats.map((c) => el('li', {},
    el('span', { class: 'caveat-text' }, t(c.key) || c.key),
    c.detail ? el('span', { class: 'caveat-detail' }, String(c.detail)) : null)));
  $('caveats-section').hidden = caveats.length === 0;
}

function clearReport() {
  for (const id of ['tips', 'concerns', 'caveats']) $(id).replaceChildren();
  for (const id of ['tips-section', 'caveats-section', 'not-checked', 'payment-verdict']) $(id).hidden = true;
}

function render(state, url) {
  const report = state?.phase === 'done' ? state.report : null;
  const phase = state?.phase ?? (url === null || !/^https?:/.test(url) ? 'unreadable' : 'none');
  const judged = report?.status === 'judged' && GRADES.includes(report.grade);
  document.body.dataset.state = report ? (judged ? 'judged' : 'unknown') : phase;

  $('host').textContent = hostOf(report?.url || state?.url || url || '');
  clearReport();
  if (report) {
    setGrade(judged ? report.grade : '');
    $('verdict').textContent = t(report.verdictKey) || t('verdict_unknown');
    if (judged && report.payment) {
      $('payment-verdict').textContent = paymentVerdict(report.payment);
      $('payment-verdict').hidden = false;
    }
    showReason(judged ? '' : t(report.unknownReasonKey) || report.unknownReasonKey, judged ? '' : report.unknownDetail);
    renderReport(report);
  } else {
    setGrade('');
    $('verdict').textContent = t(`popup_state_${phase}`) || t('verdict_unknown');
    showReason(t(`popup_state_${phase}_detail`), '');
  }
}

async function main() {
  document.documentElement.lang = chrome.i18n.getUILanguage();
  document.title = t('extName');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);

  const tabId = await tabToShow();
  if (tabId === null) return render(null, null);
  shownTabId = tabId;
  const key = `tab:${tabId}`;
  const url = await tabUrl(tabId);
  let last = '';
  const show = (state) => {
    // Re-render only when what is shown changes, so open sections and focus stay put.
    const shown = JSON.stringify([state?.phase, state?.url, state?.phase === 'done' ? state.report : null]);
    if (shown === last) return;
    last = shown;
    const open = [...document.querySelectorAll('details[open]')].map((d) => d.dataset.for);
    render(state ?? null, url);
    for (const d of document.querySelectorAll('details.finding-fix')) d.open = open.includes(d.dataset.for);
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
