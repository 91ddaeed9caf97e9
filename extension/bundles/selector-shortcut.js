// A cheaper "matches nothing" for autoconsent's rule selectors, bundled with it
// (vendor/autoconsent.js). Each detection pass runs about 200 generic rules, and each rule's
// selector list is a full querySelectorAll over the page: on a 10,005-element page that is
// most of what the consent scripts cost (a Chromium CPU profile of `cargo xtask bench`'s
// consent page: 20–30 ms a pass, two passes). Chromium answers a selector list by walking
// every element; but a part that names an id, a class or a tag can only match when the
// document has one, and that the browser answers from its id map or a cached collection.
//
// Exact, never a guess: the shortcut answers "nothing" only when every part of the list
// needs a name the document lacks; everything else goes to querySelectorAll as before, so
// autoconsent's answers (and their order) are unchanged. Only for the whole document (not a
// shadow root or a frame), in standards mode (quirks mode matches ids and classes without
// case), for plain names (no escapes, no namespaces). The prototypes' own methods are used:
// the page cannot shadow them here (an <img name="getElementById"> replaces the document's).
const DOCUMENT = globalThis.Document?.prototype; // (none where the selector parsing is tested)
const getById = DOCUMENT?.getElementById;
const byClass = DOCUMENT?.getElementsByClassName;
const byTag = DOCUMENT?.getElementsByTagName;
const compatMode = DOCUMENT && Object.getOwnPropertyDescriptor(DOCUMENT, 'compatMode').get;
const NAME = /^-?[A-Za-z_][\w-]*/;
const WORD = /^[A-Za-z][\w-]*/;
const TAG = /^[a-z][a-z0-9-]*$/;
const OTHER_SYNTAX = /^(aria|xpath|text|pierce)\//;

/** The names each part of a selector list needs: [[kind, name], ...] per part, or null when unsure. */
export function neededNames(selector) {
  if (typeof selector !== 'string' || selector.includes('\\') || OTHER_SYNTAX.test(selector)) return null;
  const parts = [[]];
  let depth = 0;
  let quote = '';
  let compoundStart = true; // at the start of a compound selector, where a type selector goes
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") { quote = c; continue; }
    if (c === '(' || c === '[') { depth++; compoundStart = false; continue; }
    if (c === ')' || c === ']') { depth--; continue; }
    if (depth > 0) continue;
    if (c === '|') return null;
    if (c === ',' || c === ' ' || c === '>' || c === '+' || c === '~' || c === '\n' || c === '\t') {
      if (c === ',') parts.push([]);
      compoundStart = true;
      continue;
    }
    const atStart = compoundStart;
    compoundStart = false;
    if (c === '#' || c === '.') {
      const m = NAME.exec(selector.slice(i + 1));
      if (!m) return null;
      parts[parts.length - 1].push([c, m[0]]);
      i += m[0].length;
    } else if (c === ':') {
      const m = /^:?-?[A-Za-z_][\w-]*/.exec(selector.slice(i + 1)); // a pseudo-class's name is no tag
      if (m) i += m[0].length;
    } else if (atStart && /[A-Za-z]/.test(c)) {
      const word = WORD.exec(selector.slice(i))[0]; // c is a letter: there is one
      // Only a lower-case tag is looked up (a `ns|tag` returns null at its `|`).
      if (TAG.test(word)) parts[parts.length - 1].push(['tag', word]);
      i += word.length - 1;
    }
  }
  return quote || depth !== 0 ? null : parts;
}

// An id is one lookup; a class or tag, a walk that stops at the first element with it.
const missing = ([kind, name]) => (kind === '#'
  ? getById.call(document, name) === null
  : (kind === '.' ? byClass : byTag).call(document, name).item(0) === null);
const idsFirst = (a, b) => (a[0] === '#' ? 0 : 1) - (b[0] === '#' ? 0 : 1);

// A selector the browser rejects still throws, as it did: checked on an empty fragment,
// which costs no walk.
let empty = null;
const valid = (selector) => {
  empty ??= document.createDocumentFragment();
  DocumentFragment.prototype.querySelector.call(empty, selector);
  return true;
};

/** Whether `selector` certainly matches no element of the document (throws where querySelectorAll would). */
export function certainlyEmpty(selector) {
  if (compatMode.call(document) !== 'CSS1Compat') return false;
  const parts = neededNames(selector);
  return parts !== null && parts.every((needs) => needs.sort(idsFirst).some(missing)) && valid(selector);
}

/** Gives an AutoConsent instance's DOM actions the shortcut. */
export function quickenSelectors(instance) {
  const actions = instance?.domActions;
  const query = actions?.querySingleReplySelector;
  if (typeof query !== 'function') return;
  actions.querySingleReplySelector = function querySingleReplySelector(selector, parent = document) {
    if (parent === document && certainlyEmpty(selector)) return [];
    return query.call(this, selector, parent);
  };
}
