// Build-time index of autoconsent's site-specific rules (used by bundle-consent.mjs): for each
// rule, text that any URL its `urlPattern` matches must contain. On every page load the
// library's filterCompactRules compiles and runs each of some 600 URL patterns (several ms on a
// loaded machine); with the index, the page tests only the patterns whose text is in its URL.
//
// `requiredLiterals(pattern)`: one string per top-level alternative of the regular expression,
// each a run of plain characters the alternative must match as they are; or null when some
// alternative has no such run of at least MIN_LITERAL characters (then the rule is always
// tested). Conservative by construction: anything inside a group or a character class, any
// atom followed by a quantifier, `.`, anchors and escapes other than escaped punctuation end
// a run. The patterns are tested without flags (`url.match(pattern)`), so case matters in both.
const MIN_LITERAL = 4;

/** The top-level alternatives of a regular expression's source. */
function alternatives(source) {
  const out = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') { i++; continue; }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) { out.push(source.slice(start, i)); start = i + 1; }
  }
  out.push(source.slice(start));
  return out;
}

/** The longest run of characters an alternative (no top-level `|`) matches literally. */
function longestLiteral(alternative) {
  const atoms = []; // a character the match must contain here, or null
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < alternative.length; i++) {
    const c = alternative[i];
    if (c === '\\') {
      const next = alternative[++i] ?? '';
      atoms.push(depth === 0 && !inClass && /^[^A-Za-z0-9]$/.test(next) ? next : null);
      continue;
    }
    if (inClass) { if (c === ']') inClass = false; continue; }
    if (c === '[') { inClass = true; atoms.push(null); continue; }
    if (c === '(') { depth++; atoms.push(null); continue; }
    if (c === ')') { depth--; atoms.push(null); continue; }
    if (c === '?' || c === '*' || c === '+' || c === '{') {
      // The atom before may be absent or repeated: it ends the run, and so does the quantifier.
      if (atoms.length) atoms[atoms.length - 1] = null;
      atoms.push(null);
      if (c === '{') while (i < alternative.length && alternative[i] !== '}') i++;
      continue;
    }
    atoms.push(depth === 0 && !'.^$'.includes(c) ? c : null);
  }
  let best = '';
  let run = '';
  for (const atom of atoms) {
    run = atom === null ? '' : run + atom;
    if (run.length > best.length) best = run;
  }
  return best;
}

export function requiredLiterals(pattern) {
  if (typeof pattern !== 'string' || pattern === '') return null;
  const literals = alternatives(pattern).map(longestLiteral);
  return literals.every((l) => l.length >= MIN_LITERAL) ? literals : null;
}

/** For each rule of `compactRules.index.specificRuleRange`, in order: requiredLiterals of its urlPattern. */
export function siteRuleLiterals(compactRules) {
  const [from, to] = compactRules.index.specificRuleRange;
  return compactRules.r.slice(from, to).map((rule) => requiredLiterals(rule[3]));
}

/**
 * The rules split for the page (extension/bundles/rules-for-page.js): `genericRuleset` (what
 * filterCompactRules gives a top frame no site rule matches), `siteLiterals`, and `siteRules`
 * (the rest: strings after the generic ones, the site-specific rules, the index).
 */
export function splitForPage(compactRules) {
  const { index } = compactRules;
  if (index.genericRuleRange[0] !== 0 || index.genericRuleRange[1] !== index.specificRuleRange[0] || index.specificRuleRange[1] !== compactRules.r.length) {
    throw new Error(`autoconsent's compact rules are laid out differently (${JSON.stringify(index)}): adapt rules-for-page.js`);
  }
  return {
    genericRuleset: { v: compactRules.v, s: compactRules.s.slice(0, index.genericStringEnd), r: compactRules.r.slice(...index.genericRuleRange) },
    siteLiterals: siteRuleLiterals(compactRules),
    siteRules: { index, s: compactRules.s.slice(index.genericStringEnd), r: compactRules.r.slice(...index.specificRuleRange) },
  };
}
