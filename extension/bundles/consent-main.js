// Entry for consent-main.js, bundled at build time (xtask/js/bundle-consent.mjs, esbuild).
// Runs in the page's MAIN world, where page globals are visible: it reads the IAB TCF
// (`__tcfapi`) and GPP (`__gpp`) signals, and runs autoconsent's own fixed main-world
// snippets (by id, never code sent by anyone) for its rules. It reports to the isolated
// collector (consent.js) with DOM events carrying JSON strings, and defines no globals.
// It runs at document_start, before any script of the page: then the isolated world's
// consent-channel.js hands it a per-page secret (HELLO / OFFER / ACK), and every later event
// is named with that secret, so the page can neither forge nor read them.
// Everything it reads is page-controlled: consent.js and the core treat it as such.
import { evalSnippets } from '@duckduckgo/autoconsent';
// The contract with the core (src/contract.rs), compiled into this bundle by the build: a
// script in the page's world must not leave a global the page could read or replace.
import contract from 'shoptrust:contract';

const { hello: HELLO, offer: OFFER, ack: ACK, signals: SIGNALS, eval: EVAL, evalResult: EVAL_RESULT } = contract.mainWorldEvents;
const { signalIdsMax: MAX_IDS, signalTextMax: TEXT_MAX } = contract.consentCollector;
const POLL_MS = [0, 1000, 3000, 6000];

// Taken before the page can replace them.
const dispatch = EventTarget.prototype.dispatchEvent;
const listen = EventTarget.prototype.addEventListener;
const unlisten = EventTarget.prototype.removeEventListener;
const Custom = CustomEvent;
const stringify = JSON.stringify;
const parse = JSON.parse;

// The secret, from the isolated world's offer: the first one, at document_start, before the
// page runs. Until it is known nothing is sent.
let secret = '';
function onOffer(event) {
  if (secret || typeof event.detail !== 'string' || event.detail.length < 32) return;
  secret = event.detail;
  unlisten.call(document, OFFER, onOffer);
  listen.call(document, `${EVAL}:${secret}`, onEval);
  dispatch.call(document, new Custom(ACK));
}

const tell = (type, value) => {
  if (!secret) return;
  try {
    dispatch.call(document, new Custom(`${type}:${secret}`, { detail: stringify(value) }));
  } catch { /* never break the page */ }
};

const signals = { tcf: null, gpp: null };
const num = (v) => (Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0);
const str = (v) => (typeof v === 'string' ? v.slice(0, TEXT_MAX) : '');

// `{ "1": true, "2": false }` → [1]; vendor consents only counted.
function consentedIds(map, max) {
  const ids = [];
  if (map && typeof map === 'object') {
    for (const key of Object.keys(map).slice(0, 5000)) {
      if (map[key] === true && /^\d+$/.test(key)) ids.push(Number(key));
      if (ids.length >= max) break;
    }
  }
  return ids;
}

// The CMP said `tcloaded` on this page: it loaded a choice stored on an earlier visit. Kept
// after the shopper reopens the banner (then `cmpuishown`, showing that stored choice).
let loadedWithChoice = false;

function onTcData(tcData, success) {
  if (!success || !tcData || typeof tcData !== 'object') return;
  if (tcData.eventStatus === 'tcloaded') loadedWithChoice = true;
  signals.tcf = {
    loadedWithChoice,
    cmpId: num(tcData.cmpId),
    eventStatus: str(tcData.eventStatus),
    gdprApplies: typeof tcData.gdprApplies === 'boolean' ? tcData.gdprApplies : null,
    purposeConsents: consentedIds(tcData.purpose?.consents, MAX_IDS),
    vendorConsents: consentedIds(tcData.vendor?.consents, 100000).length,
  };
  tell(SIGNALS, signals);
}

function onGpp(data, success) {
  if (success === false || !data || typeof data !== 'object') return;
  const ping = data.pingData && typeof data.pingData === 'object' ? data.pingData : data;
  const sections = Array.isArray(ping.applicableSections) ? ping.applicableSections : [];
  signals.gpp = {
    cmpId: num(ping.cmpId),
    signalStatus: str(ping.signalStatus),
    applicableSections: sections.slice(0, MAX_IDS).filter(Number.isInteger),
  };
  tell(SIGNALS, signals);
}

let tcfListening = false;
let gppListening = false;
function poll() {
  try {
    if (!tcfListening && typeof window.__tcfapi === 'function') {
      tcfListening = true;
      window.__tcfapi('addEventListener', 2, onTcData);
    }
  } catch { /* a broken CMP is the page's problem */ }
  try {
    if (!gppListening && typeof window.__gpp === 'function') {
      gppListening = true;
      window.__gpp('addEventListener', onGpp);
      window.__gpp('ping', onGpp);
    }
  } catch { /* likewise */ }
}
// From document_start, and again after the load event (a CMP may come late).
for (const ms of POLL_MS) setTimeout(poll, ms);
listen.call(window, 'load', () => { for (const ms of POLL_MS) setTimeout(poll, ms); }, { once: true });

// Listened to under the secret's name once it arrives (onOffer).
function onEval(event) {
  let request;
  try {
    request = parse(event.detail);
  } catch {
    return;
  }
  if (!request || typeof request.id !== 'string') return;
  let result = false;
  const snippet = Object.prototype.hasOwnProperty.call(evalSnippets, request.snippetId) ? evalSnippets[request.snippetId] : null;
  if (typeof snippet === 'function') {
    try {
      result = !!snippet.call(globalThis);
    } catch { /* a failing snippet is a "no" */ }
  }
  tell(EVAL_RESULT, { id: request.id.slice(0, 100), result });
}

// The handshake, last: the isolated side may answer HELLO at once (if it ran first), or offer
// the secret when it starts (if this ran first). Both run before any script of the page.
listen.call(document, OFFER, onOffer);
dispatch.call(document, new Custom(HELLO));
