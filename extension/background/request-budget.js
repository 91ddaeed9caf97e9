// Which of a page's requests the worker keeps when the page makes more than it can keep.
// A page can make as many requests as it likes, so a cap is needed (the core refuses a page
// with more than it reads, and each request costs storage), but a cap that keeps the first
// ones lets a shop hide its trackers behind a flood of its own fetches. So the worker ranks
// each request, trackers first, then third parties, then the page's own, and when the list
// is full a better-ranked request takes the place of a worse one. Past half the cap, no one
// site (scheme and host) may add more than `perOriginCap` entries, so one flooding site,
// even a tracker's, cannot crowd out another. Every request left out is counted, and the
// core is told (a `truncated` entry, shown as a caveat).
//
// `classify(url, type, pageUrl)` -> { tracker, thirdParty } is the core's classifier (the
// tracker data and the registrable domain from the Public Suffix List); without it (the
// core not started yet) a request to another host than the page's counts as third party.

import { bufferedClassifier } from './classifier-input.js';

export const RANK = { tracker: 0, thirdParty: 1, firstParty: 2 };

/** Drops left out before this many distinct ones are remembered are counted once each. */
const DROPPED_IDS_REMEMBERED = 20000;

function originOf(url) {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return '';
  }
}

function hostOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** How much a request tells about who watches the shopper: lower is more. */
export function rankOf(url, type, pageUrl, classify) {
  let verdict = null;
  try {
    verdict = classify ? classify(url, type, pageUrl) : null;
  } catch {
    verdict = null;
  }
  if (verdict?.tracker) return RANK.tracker;
  if (verdict) return verdict.thirdParty ? RANK.thirdParty : RANK.firstParty;
  const host = hostOf(url);
  return host && host === hostOf(pageUrl) ? RANK.firstParty : RANK.thirdParty;
}

/**
 * The core's classifier as `classify(url, type, pageUrl)`, from the wasm exports (see
 * src/tracking/wasm.rs): null until the core has started and loaded the tracker data. The URLs
 * go through the core's input buffer (./classifier-input.js), which exists once the core has
 * started: until then this throws, and `rankOf` compares hosts.
 */
export function coreClassifier(core) {
  const codes = new Map();
  let source = null;
  let input = null;
  return (url, type, pageUrl) => {
    input ??= bufferedClassifier(core);
    if (pageUrl !== source) {
      input.setSourcePage(pageUrl);
      source = pageUrl;
    }
    if (!codes.has(type)) codes.set(type, core.requestTypeCode(type));
    const packed = input.classify(url, codes.get(type));
    if (packed === 0xFFFFFFFF) return null; // no tracker data
    const party = packed & 3;
    return {
      tracker: (packed >>> 3) !== 0 || (packed & 4) !== 0, // a tracker pattern, or a session-replay host
      thirdParty: party !== 0, // third, or a source page the core could not read
    };
  };
}

/**
 * The bookkeeping of one page's request list (`state.requests`): rebuilt from the list
 * itself after a worker restart, so it needs no storage of its own except the drop count
 * (`state.requestsDropped`).
 */
export class RequestBudget {
  constructor(state, { cap, perOriginCap, classify }) {
    this.state = state;
    this.cap = cap;
    this.perOriginCap = perOriginCap;
    this.classify = classify;
    this.byId = new Map(); // "type url" -> request
    this.perOrigin = new Map(); // origin -> number kept
    this.byRank = [[], [], []]; // rank -> requests kept, oldest first
    this.droppedIds = new Set();
    for (const request of state.requests) this.#count(request, this.#rank(request));
    state.requestsDropped ??= 0;
  }

  #rank(request) {
    return rankOf(request.url, request.type, this.state.url ?? '', this.classify);
  }

  #count(request, rank) {
    this.byId.set(`${request.type} ${request.url}`, request);
    const origin = originOf(request.url);
    this.perOrigin.set(origin, (this.perOrigin.get(origin) ?? 0) + 1);
    this.byRank[rank].push(request);
  }

  #dropped(id) {
    if (this.droppedIds.has(id)) return;
    if (this.droppedIds.size < DROPPED_IDS_REMEMBERED) this.droppedIds.add(id);
    this.state.requestsDropped++;
  }

  /** The request already kept under this type and URL, if any. */
  known(type, url) {
    return this.byId.get(`${type} ${url}`);
  }

  /** Keeps `request` if it earns a place (maybe in place of a worse one); whether it did. */
  admit(request) {
    const id = `${request.type} ${request.url}`;
    const requests = this.state.requests;
    const origin = originOf(request.url);
    if (requests.length >= this.cap / 2 && (this.perOrigin.get(origin) ?? 0) >= this.perOriginCap) {
      this.#dropped(id);
      return false;
    }
    const rank = this.#rank(request);
    if (requests.length >= this.cap) {
      const worst = this.byRank.findLastIndex((kept) => kept.length > 0);
      if (worst <= rank) {
        this.#dropped(id);
        return false;
      }
      this.#evict(this.byRank[worst].pop());
    }
    requests.push(request);
    this.#count(request, rank);
    return true;
  }

  #evict(victim) {
    const requests = this.state.requests;
    requests.splice(requests.lastIndexOf(victim), 1);
    const id = `${victim.type} ${victim.url}`;
    this.byId.delete(id);
    const origin = originOf(victim.url);
    this.perOrigin.set(origin, this.perOrigin.get(origin) - 1);
    this.#dropped(id);
  }
}

/**
 * The facts to judge with, plus what the worker left out of the page's request list as a
 * `truncated` entry (the core shows it as a caveat). The stored facts are not changed.
 */
export function factsWithWorkerTruncation(state) {
  const facts = state.facts;
  const dropped = state.requestsDropped ?? 0;
  if (!facts || typeof facts !== 'object' || dropped <= 0) return facts;
  const truncated = Array.isArray(facts.truncated) ? facts.truncated : [];
  const kept = state.requests.length;
  return { ...facts, truncated: [...truncated, { list: 'requests', kept, seen: kept + dropped }] };
}
