// The shortcut autoconsent's rule selectors take (extension/bundles/selector-shortcut.js) must
// be exact: whenever it answers "matches nothing" for a selector, querySelectorAll in real
// Chromium finds nothing either. Checked for every selector in every step of autoconsent's
// whole rule set, on pages that hold some of the ids, classes and tags those selectors name
// (so that both answers occur), in standards and quirks mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { build } from 'esbuild';
import { decodeRules } from '@duckduckgo/autoconsent';
import { CHROMIUM, ROOT } from '../../xtask/js/chromium.mjs';
import { neededNames } from '../../extension/bundles/selector-shortcut.js';

const require = createRequire(import.meta.url);
const compact = JSON.parse(fs.readFileSync(require.resolve('@duckduckgo/autoconsent/rules/compact-rules.json'), 'utf8'));

// Every selector in a rule's steps (a chain gives each link), nested steps included. The
// decoded rules and steps read their fields through getters: asked for by name.
const SELECTOR_KEYS = ['exists', 'visible', 'waitFor', 'waitForVisible', 'click', 'waitForThenClick', 'hide'];
const NESTED_KEYS = ['if', 'then', 'else', 'any'];
function selectorsOf(step, out) {
  if (Array.isArray(step)) {
    for (const s of step) selectorsOf(s, out);
    return out;
  }
  if (!step || typeof step !== 'object') return out;
  for (const key of SELECTOR_KEYS) {
    const v = step[key];
    for (const s of Array.isArray(v) ? v : [v]) if (typeof s === 'string') out.add(s);
  }
  for (const key of NESTED_KEYS) if (step[key]) selectorsOf(step[key], out);
  return out;
}
const STEP_LISTS = ['detectCmp', 'detectPopup', 'optOut', 'optIn', 'test'];
const SELECTORS = [...decodeRules(compact).reduce((out, rule) => selectorsOf(STEP_LISTS.map((k) => rule[k] ?? []), out), new Set())];

test('selector parsing: names outside brackets and functions, per part; unsure syntax gives up', () => {
  assert.deepEqual(neededNames('#a *,#b .c'), [[['#', 'a']], [['#', 'b'], ['.', 'c']]]);
  assert.deepEqual(neededNames('div.x > span#y, [data-a="a,b"]'), [[['tag', 'div'], ['.', 'x'], ['tag', 'span'], ['#', 'y']], []]);
  assert.deepEqual(neededNames('a[href^="x"]:not(#z)'), [[['tag', 'a']]]);
  assert.deepEqual(neededNames('div:has(> p > a.b)'), [[['tag', 'div']]]);
  assert.deepEqual(neededNames('input[type=checkbox]:checked + label'), [[['tag', 'input'], ['tag', 'label']]]);
  assert.deepEqual(neededNames('A.b'), [[['.', 'b']]]); // a tag not in lower case: not used
  // Nor is its lower-case head: <my-tag> would match, and the document may have no <my>.
  assert.deepEqual(neededNames('my-Tag.b'), [[['.', 'b']]]);
  assert.equal(neededNames('svg|a'), null);
  assert.equal(neededNames('#a\\:b'), null);
  assert.equal(neededNames('xpath///div'), null);
  assert.equal(neededNames('[a="x'), null);
  assert.ok(SELECTORS.length > 1000, `${SELECTORS.length} selectors`);
});

let browser;
let script;
before(async () => {
  const out = await build({ entryPoints: [`${ROOT}/extension/bundles/selector-shortcut.js`], bundle: true, format: 'iife', globalName: 'Shortcut', write: false, logLevel: 'warning' });
  script = out.outputFiles[0].text;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--headless=new'] });
});
after(async () => { await browser?.close(); });

// A page with every other name the selectors need, nested: some selectors match, most do not.
function pageWith(doctype) {
  const names = new Set();
  for (const s of SELECTORS) for (const part of neededNames(s) ?? []) for (const n of part) names.add(n.join(':'));
  const kept = [...names].filter((_, i) => i % 2 === 0);
  let html = '';
  for (const n of kept) {
    const [kind, name] = [n.slice(0, n.indexOf(':')), n.slice(n.indexOf(':') + 1)];
    if (kind === '#') html += `<div id="${name}"><span class="inner"><button>Accept</button></span></div>`;
    else if (kind === '.') html += `<div class="${name}"><p><a href="#">Reject</a></p></div>`;
    else if (!['html', 'head', 'body', 'script', 'style', 'template', 'iframe', 'textarea', 'title', 'noscript', 'xmp', 'plaintext', 'select', 'table'].includes(name)) html += `<${name} class="cookie"><div>x</div></${name}>`;
  }
  return `${doctype}<html><head><title>t</title></head><body>${html}</body></html>`;
}

for (const [mode, doctype] of [['standards', '<!doctype html>'], ['quirks', '']]) {
  test(`in ${mode} mode, "matches nothing" only when querySelectorAll finds nothing`, async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(pageWith(doctype));
      await page.addScriptTag({ content: script });
      const result = await page.evaluate((selectors) => {
        const wrong = [];
        let empty = 0;
        let shortcut = 0;
        for (const s of selectors) {
          let real = null;
          try { real = document.querySelectorAll(s).length; } catch { real = 'throws'; }
          let quick;
          try { quick = Shortcut.certainlyEmpty(s); } catch { quick = 'throws'; }
          if (real === 0) empty++;
          if (quick === true) shortcut++;
          // Where querySelectorAll throws, the shortcut throws too or leaves the answer to it.
          if ((quick === true && real !== 0) || (quick === 'throws' && real !== 'throws')) wrong.push([s, real, quick]);
        }
        return { wrong, empty, shortcut, compat: document.compatMode };
      }, SELECTORS);
      assert.deepEqual(result.wrong, []);
      if (mode === 'standards') {
        assert.equal(result.compat, 'CSS1Compat');
        assert.ok(result.shortcut > SELECTORS.length / 4 && result.shortcut < result.empty, JSON.stringify({ ...result, all: SELECTORS.length }));
      } else {
        assert.equal(result.compat, 'BackCompat');
        assert.equal(result.shortcut, 0);
      }
    } finally {
      await page.close();
    }
  });
}
