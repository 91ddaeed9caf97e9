// Entry for vendor/autoconsent.js, bundled at build time (xtask/js/bundle-consent.mjs, esbuild)
// into a classic script for the isolated world: DuckDuckGo's autoconsent (npm
// @duckduckgo/autoconsent, MPL-2.0) and its compact CMP rules. consent.js drives it.
import AutoConsent, { filterCompactRules } from '@duckduckgo/autoconsent';
import compactRules from '@duckduckgo/autoconsent/rules/compact-rules.json';
// Text each site-specific rule's URL pattern needs in the URL, computed by the build.
import siteLiterals from 'shoptrust:site-rule-literals';
import { rulesForPage } from './rules-for-page.js';

globalThis.ShopTrustAutoconsent = {
  AutoConsent,
  filterCompactRules,
  compactRules,
  /** The rules for the top frame at `url`: filterCompactRules' answer, without testing every URL pattern. */
  rulesForPage: (url) => rulesForPage(filterCompactRules, compactRules, siteLiterals, url),
};
