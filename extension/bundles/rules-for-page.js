// The autoconsent rules for the top frame of a page: what filterCompactRules(compactRules,
// { url, mainFrame: true }) returns, with the site-specific rules first narrowed to those whose
// URL pattern could match this URL (the build's index, xtask/js/consent-rule-index.mjs: text
// every URL the pattern matches contains; null for a rule that is always tested).
export function rulesForPage(filterCompactRules, compactRules, siteLiterals, url) {
  const { r, index } = compactRules;
  const [from, to] = index.specificRuleRange;
  if (!Array.isArray(siteLiterals) || siteLiterals.length !== to - from || index.genericRuleRange[1] > from) {
    return filterCompactRules(compactRules, { url, mainFrame: true }); // an index for other rules: no shortcut
  }
  const site = [];
  for (let i = from; i < to; i++) {
    const literals = siteLiterals[i - from];
    if (!literals || literals.some((l) => url.includes(l))) site.push(r[i]);
  }
  const narrowed = { ...compactRules, r: [...r.slice(0, from), ...site], index: { ...index, specificRuleRange: [from, from + site.length] } };
  return filterCompactRules(narrowed, { url, mainFrame: true });
}
