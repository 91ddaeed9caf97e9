// The build's index of autoconsent's site-specific rules (xtask/js/consent-rule-index.mjs) and
// its use on the page (extension/bundles/rules-for-page.js): the rules a page gets must be
// exactly those filterCompactRules gives it, for URLs that many site-specific rules match.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { filterCompactRules } from '@duckduckgo/autoconsent';
import { requiredLiterals, siteRuleLiterals, splitForPage } from '../../xtask/js/consent-rule-index.mjs';
import { rulesForPage, joinRules } from '../../extension/bundles/rules-for-page.js';

const require = createRequire(import.meta.url);
const compactRules = JSON.parse(fs.readFileSync(require.resolve('@duckduckgo/autoconsent/rules/compact-rules.json'), 'utf8'));

test('required text: plain runs outside groups, classes and quantified atoms, one per alternative', () => {
  assert.deepEqual(requiredLiterals('^https?://(www\\.)?shop\\.example\\.com/'), ['shop.example.com/']);
  assert.deepEqual(requiredLiterals('^https://(m|mbasic)\\.facebook\\.com/'), ['.facebook.com/']);
  assert.deepEqual(requiredLiterals('^https?://(www\\.)?galaxus\\.de/|^https?://(www\\.)?galaxus\\.fr/'), ['galaxus.de/', 'galaxus.fr/']);
  assert.deepEqual(requiredLiterals('^https://([a-z0-9-]+\\.)?bandcamp\\.com'), ['bandcamp.com']);
  // A quantified atom is not required as written: "xyabbcdef" has no "xyabcdef".
  assert.deepEqual(requiredLiterals('xyab+cdef'), ['cdef']);
  assert.deepEqual(requiredLiterals('wxyz[a-z]{2,3}wwww\\d+qqqq'), ['wxyz']);
  // Unescaped dots match anything; escapes other than punctuation are classes.
  assert.equal(requiredLiterals('a.b.c.d.e'), null);
  assert.equal(requiredLiterals('^\\w+\\.io'), null); // '.io' is too short to index
  assert.deepEqual(requiredLiterals('^https?://\\w+\\.com'), ['http']);
  // One alternative without required text: the rule is always tested.
  assert.equal(requiredLiterals('^https://longname\\.com/|^(a|b)\\.io'), null);
  assert.equal(requiredLiterals(''), null);
  assert.equal(requiredLiterals(undefined), null);
});

test('every site-specific URL pattern: each piece of required text is in a URL the pattern matches', () => {
  const [from] = compactRules.index.specificRuleRange;
  const literals = siteRuleLiterals(compactRules);
  let checked = 0;
  for (const [i, lits] of literals.entries()) {
    const pattern = compactRules.r[from + i][3];
    for (const lit of lits ?? []) {
      for (const url of [`https://${lit}`, `https://www.${lit}`, `https://${lit.replace(/^\./, 'www.')}`]) {
        if (url.match(pattern)) { checked++; }
      }
    }
  }
  assert.ok(checked > 400, `${checked} URLs built from required text matched their own pattern`);
});

test('the rules a page gets are exactly filterCompactRules\' for URLs the site-specific rules match, and for others', () => {
  // As the bundle has them: the split through JSON text, joined again on the page.
  const split = JSON.parse(JSON.stringify(splitForPage(compactRules)));
  assert.deepEqual(joinRules(split.genericRuleset, split.siteRules), compactRules);
  const literals = split.siteLiterals;
  const parts = { filterCompactRules, genericRuleset: split.genericRuleset, siteLiterals: literals, allRules: () => joinRules(split.genericRuleset, split.siteRules) };
  assert.ok(literals.filter(Boolean).length > 500, 'most site-specific rules are indexed');
  const urls = new Set(['https://hostile-consent.test/', 'https://tracker-shop.test/checkout.html', 'http://http-shop.test/', 'https://www.example.com/path?q=1']);
  for (const lits of literals) {
    for (const lit of lits ?? []) {
      urls.add(`https://${lit}`);
      urls.add(`https://www.${lit.replace(/^\./, '')}some/page`);
      urls.add(`http://${lit.replace(/^\./, 'm.')}?x=1`);
    }
  }
  let withSiteRules = 0;
  const generic = compactRules.index.genericRuleRange[1] - compactRules.index.genericRuleRange[0];
  for (const url of urls) {
    const expected = filterCompactRules(compactRules, { url, mainFrame: true });
    const got = rulesForPage(parts, url);
    assert.deepEqual(got, expected, url);
    if (expected.r.length > generic) withSiteRules++;
  }
  assert.ok(withSiteRules > 500, `${withSiteRules} of ${urls.size} URLs got site-specific rules`);
});
