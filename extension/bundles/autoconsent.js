// Entry for vendor/autoconsent.js, bundled at build time (xtask/js/bundle-consent.mjs, esbuild)
// into a classic script for the isolated world: DuckDuckGo's autoconsent (npm
// @duckduckgo/autoconsent, MPL-2.0) and its compact CMP rules. consent.js drives it.
import AutoConsent, { filterCompactRules } from '@duckduckgo/autoconsent';
import compactRules from '@duckduckgo/autoconsent/rules/compact-rules.json';

globalThis.ShopTrustAutoconsent = { AutoConsent, filterCompactRules, compactRules };
