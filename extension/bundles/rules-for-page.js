// The autoconsent rules for the top frame of a page: exactly what
// filterCompactRules(compactRules, { url, mainFrame: true }) returns, at less cost per page.
// The build (xtask/js/bundle-consent.mjs) ships
//   genericRuleset  the generic rules and their strings: filterCompactRules' answer for a URL
//                   that no site-specific rule matches (most pages);
//   siteLiterals    for each site-specific rule, text every URL its pattern matches contains
//                   (xtask/js/consent-rule-index.mjs), or null for a rule that is always tested;
//   allRules()      the whole compact rule set, its site part parsed from JSON text only when called.
// Only when the URL holds some site rule's text (or a rule has none) is the whole set parsed,
// narrowed to the rules that could match, and given to filterCompactRules.
export function rulesForPage({ filterCompactRules, genericRuleset, siteLiterals, allRules }, url) {
  const candidates = [];
  siteLiterals.forEach((literals, i) => {
    if (!literals || literals.some((l) => url.includes(l))) candidates.push(i);
  });
  if (!candidates.length) return genericRuleset;
  const compactRules = allRules();
  const { r, index } = compactRules;
  const [from, to] = index.specificRuleRange;
  if (siteLiterals.length !== to - from || index.genericRuleRange[1] > from) {
    return filterCompactRules(compactRules, { url, mainFrame: true }); // an index of other rules: no shortcut
  }
  const site = candidates.map((i) => r[from + i]);
  const narrowed = { ...compactRules, r: [...r.slice(0, from), ...site], index: { ...index, specificRuleRange: [from, from + site.length] } };
  return filterCompactRules(narrowed, { url, mainFrame: true });
}

/** The whole compact rule set, as the package has it: the generic part and the site part (the build's split), joined. */
export function joinRules(genericRuleset, siteRules) {
  return { v: genericRuleset.v, s: genericRuleset.s.concat(siteRules.s), r: genericRuleset.r.concat(siteRules.r), index: siteRules.index };
}
