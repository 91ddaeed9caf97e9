// Entry for vendor/autoconsent.js, bundled at build time (xtask/js/bundle-consent.mjs, esbuild)
// into a classic script for the isolated world: DuckDuckGo's autoconsent (npm
// @duckduckgo/autoconsent, MPL-2.0) and its compact CMP rules. consent.js drives it.
import AutoConsent, { filterCompactRules } from '@duckduckgo/autoconsent';
// Made by the build from @duckduckgo/autoconsent/rules/compact-rules.json (see rules-for-page.js).
import { genericRuleset, siteLiterals, siteRulesText } from 'shoptrust:autoconsent-rules';
import { rulesForPage, joinRules } from './rules-for-page.js';
import { quickenSelectors } from './selector-shortcut.js';

const parts = { filterCompactRules, genericRuleset, siteLiterals, allRules: () => joinRules(genericRuleset, JSON.parse(siteRulesText)) };

globalThis.ShopTrustAutoconsent = {
  AutoConsent,
  /** The rules for the top frame at `url`: filterCompactRules' answer, parsing and testing only what could match. */
  rulesForPage: (url) => rulesForPage(parts, url),
  /** Answers "matches nothing" for a rule's selector without walking the page, where that is certain (selector-shortcut.js). */
  quickenSelectors,
};
