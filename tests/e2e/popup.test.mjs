// The popup's first screen on every demo shop (www/shops/demo.json, the list `cargo xtask
// demo` uses) at Chrome's popup size: grade, headline, "Can I pay here?" and the top finding
// without scrolling, and axe-core (pinned in package.json) finding no WCAG 2.2 AA violation
// in light and dark, on the first screen and with every detail open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { useRig } from './rig.mjs';
import { openPopup, judgedReport, badgeOf } from '../../xtask/js/chromium.mjs';
import { publicReport } from '../../xtask/js/scan.mjs';
import { letters, recordChromiumLetters } from './demo-letters.mjs';

const rig = useRig();
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const SHOPS = JSON.parse(readFileSync(new URL('../../www/shops/demo.json', import.meta.url), 'utf8'));
const MESSAGES = JSON.parse(readFileSync(new URL('../../extension/_locales/en/messages.json', import.meta.url), 'utf8'));
const FIRST_SCREEN = { width: 380, height: 600 };
const TIERS = ['info', 'minor', 'watched', 'risk', 'danger'];

/** en text of a message key with $1-style placeholders filled (as chrome.i18n does). */
function text(key, subs = []) {
  const m = MESSAGES[key];
  assert.ok(m, `message ${key} exists`);
  return m.message.replace(/\$(\w+)\$/g, (all, name) => {
    const index = /^\$(\d)$/.exec(m.placeholders?.[name.toLowerCase()]?.content ?? '')?.[1];
    return index ? String(subs[Number(index) - 1] ?? '') : all;
  });
}

/** The popup for a tab at 380×600, once it shows the report. */
async function popupOf(tabId) {
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  await popup.setViewportSize(FIRST_SCREEN);
  await popup.waitForSelector('body[data-state="judged"]');
  return popup;
}

/** Asserts the element is shown and lies wholly inside the first 600 px, unscrolled. */
async function onFirstScreen(popup, selector, what) {
  const box = await popup.locator(selector).first().boundingBox();
  assert.ok(box, `${what} (${selector}) is shown`);
  assert.ok(box.y >= 0 && box.y + box.height <= FIRST_SCREEN.height, `${what} ends at ${Math.round(box.y + box.height)} px, beyond ${FIRST_SCREEN.height}`);
  assert.ok(box.width > 0 && box.height > 0, `${what} has a size`);
}

async function axeViolations(popup) {
  if (!(await popup.evaluate(() => 'axe' in window))) await popup.evaluate(`${AXE}\n;true`);
  return popup.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  }, WCAG22_AA);
}

/** Every concern row and every disclosure open, so axe sees the details too. */
async function openEverything(popup) {
  await popup.$$eval('.concern-toggle[aria-expanded="false"]', (buttons) => buttons.forEach((b) => b.click()));
  await popup.$$eval('details', (all) => all.forEach((d) => { d.open = true; }));
}

for (const shop of SHOPS) {
  test(`${shop.shop}: the first screen answers the question; axe finds no WCAG 2.2 AA violation, light and dark`, async () => {
    const { page, tabId } = await rig.open(shop.url);
    const { report, consentTimedOut } = await judgedReport(rig.browser.ctx, tabId, { url: page.url() });
    // Taken as `scan` takes them, for tests/e2e-firefox/same-grades.test.mjs (./demo-letters.mjs).
    const badge = await badgeOf(rig.browser.ctx, tabId);
    recordChromiumLetters(shop.shop, letters(publicReport(page.url(), report, badge, { consentTimedOut })));
    assert.equal(consentTimedOut, false, 'the consent look finished');
    assert.equal(report.status, 'judged');
    const popup = await popupOf(tabId);
    try {
      // What the report says is what the first screen shows.
      assert.equal((await popup.textContent('#grade')).trim(), report.grade);
      assert.equal((await popup.textContent('#verdict')).trim(), text(report.headline.key, report.headline.subs));
      assert.ok(report.payLine, 'a judged page has a "Can I pay here?" line');
      assert.equal((await popup.textContent('#payment-verdict')).trim(), text(report.payLine.key, report.payLine.subs));
      if (!report.payment) assert.match(await popup.textContent('#payment-verdict'), /^No card form on this page/);
      assert.doesNotMatch(await popup.textContent('body'), /still looking for a consent banner/);
      await onFirstScreen(popup, '#grade', 'grade');
      await onFirstScreen(popup, '#verdict', 'headline');
      await onFirstScreen(popup, '#pay', '"Can I pay here?" line');

      const tips = await popup.$$eval('#tips li', (items) => items.map((li) => li.textContent));
      assert.ok(tips.length <= 2, `at most two tips: ${tips.join(' | ')}`);
      assert.equal(new Set(tips).size, tips.length, 'no tip repeated');
      if (tips.length) await onFirstScreen(popup, '#tips-section', 'tips');

      // The top finding: the concern row of the worst finding names it on the first screen.
      const top = report.findings.find((f) => f.tier !== 'info');
      if (top) {
        const lineSel = `.concern[data-concern="${top.concern}"] .concern-line`;
        assert.equal((await popup.textContent(lineSel)).trim(), text(top.titleKey), `${top.id} names its concern's row`);
        await onFirstScreen(popup, lineSel, `top finding ${top.id}`);
      }
      // Rows worst first, each one letter and one line, closed until asked.
      const rows = await popup.$$eval('.concern', (all) => all.map((c) => ({
        concern: c.dataset.concern, tier: c.dataset.tier, expanded: c.querySelector('.concern-toggle').getAttribute('aria-expanded'),
      })));
      assert.deepEqual(rows.map((r) => r.concern).sort(), report.concerns.map((c) => c.concern).sort());
      const ranks = rows.map((r) => TIERS.indexOf(r.tier));
      assert.deepEqual(ranks, [...ranks].sort((a, b) => b - a), `rows worst first: ${JSON.stringify(rows)}`);
      assert.ok(rows.every((r) => r.expanded === 'false'));
      if (report.consent?.canRejectForMe) await onFirstScreen(popup, '.consent-reject-for-me', '"Reject for me"');

      // "Other third parties": the sites the unknown-third-parties finding names, no payment party.
      const others = await popup.$$eval('.third-parties li', (items) => items.map((li) => li.dataset.site));
      const named = (report.findings.find((f) => f.id === 'tracking.unknown-third-parties')?.evidence ?? [])
        .map((line) => line.replace(/ \(\d+ requests?\)$/, ''));
      assert.deepEqual(others, named);
      const paymentParties = report.thirdParties.filter((p) => p.paymentProvider).map((p) => p.site);
      assert.ok(!others.some((site) => paymentParties.includes(site)), `${others} ${paymentParties}`);

      // Findings inside a row: worst first.
      for (const concern of report.concerns) {
        const shown = await popup.$$eval(`.concern[data-concern="${concern.concern}"] .finding`, (els) => els.map((e) => e.dataset.tier));
        const order = shown.map((tier) => TIERS.indexOf(tier));
        assert.deepEqual(order, [...order].sort((a, b) => b - a), `${concern.concern} findings worst first: ${shown}`);
      }

      // The first Tab stop is the shopper's (a row or "Reject for me"), never the owner's part.
      await popup.keyboard.press('Tab');
      const first = await popup.evaluate(() => document.activeElement?.closest('#reject-area, .concerns, #owner-section')?.id || document.activeElement?.className);
      assert.ok(first === 'reject-area' || first === 'concerns', `first Tab stop: ${first}`);

      // The header stays in view while the details scroll.
      await openEverything(popup);
      await popup.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      assert.ok(await popup.evaluate(() => window.scrollY > 0), 'the open popup scrolls');
      await onFirstScreen(popup, '#grade', 'grade after scrolling');
      await onFirstScreen(popup, '#verdict', 'headline after scrolling');
      await popup.evaluate(() => window.scrollTo(0, 0));

      for (const colorScheme of ['light', 'dark']) {
        await popup.emulateMedia({ colorScheme });
        await popup.reload();
        await popup.waitForSelector('body[data-state="judged"]');
        const closed = await axeViolations(popup);
        assert.deepEqual(closed, [], `${colorScheme}, first screen: ${JSON.stringify(closed, null, 1)}`);
        await openEverything(popup);
        const open = await axeViolations(popup);
        assert.deepEqual(open, [], `${colorScheme}, all open: ${JSON.stringify(open, null, 1)}`);
      }
    } finally {
      await popup.close();
      await page.close();
    }
  });
}

test('tracker shop: Stripe takes the card and is not listed among who watches you; counts agree in number', async () => {
  const { page, tabId } = await rig.open('https://tracker-shop.test/checkout.html');
  const { report } = await judgedReport(rig.browser.ctx, tabId, { url: page.url() });
  assert.ok(report.trackers.some((t) => t.category === 'payment' && t.name === 'Stripe'), 'the core reports Stripe as a payment company');
  const popup = await popupOf(tabId);
  try {
    const listed = await popup.$$eval('.tracker-company', (els) => els.map((e) => [e.dataset.name, e.dataset.category]));
    assert.ok(listed.length > 0);
    assert.ok(!listed.some(([name, category]) => category === 'payment' || name === 'Stripe'), JSON.stringify(listed));
    // Each company's request count in words that agree with the number.
    const counts = await popup.$$eval('.tracker-requests summary', (els) => els.map((e) => e.textContent.trim()));
    assert.ok(counts.length > 0);
    for (const c of counts) assert.match(c, /^(1 request|([02-9]|\d\d+) requests)$/, c);
    const expected = report.trackers.filter((t) => t.category !== 'payment' && t.requests.length)
      .map((t) => ((t.requestCount ?? t.requests.length) === 1 ? '1 request' : `${t.requestCount ?? t.requests.length} requests`));
    assert.deepEqual(counts, expected);
  } finally {
    await popup.close();
    await page.close();
  }
});

test('What the letters mean: A to F, one line each, in the README\'s words; the owner\'s part after the shopper\'s', async () => {
  const { page, tabId } = await rig.open('https://secure-shop.test/checkout.html');
  await judgedReport(rig.browser.ctx, tabId, { url: page.url() });
  const popup = await popupOf(tabId);
  try {
    await popup.click('#letters > summary');
    const letters = await popup.$$eval('#letters dt', (els) => els.map((e) => e.textContent.trim()));
    const meanings = await popup.$$eval('#letters dd', (els) => els.map((e) => e.textContent.trim()));
    assert.deepEqual(letters, ['A', 'B', 'C', 'D', 'F']);
    assert.deepEqual(meanings, [
      'nothing to worry about',
      'fine; minor points for the shop owner, light analytics or tracking you agreed to',
      'you are watched, but your card and passwords are safe',
      'your privacy is at real risk',
      "don't pay or log in here",
    ]);
    // One definition: each line says what the README's "What the letters mean" table says.
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const [i, letter] of letters.entries()) {
      const row = new RegExp(`^\\| \\*\\*${letter}\\*\\* \\| ([^|]+) \\|`, 'm').exec(readme);
      assert.ok(row, `README has a row for ${letter}`);
      assert.ok(meanings[i].startsWith(row[1].trim()), `${letter}: popup "${meanings[i]}", README "${row[1].trim()}"`);
    }
    // The owner's section comes after the shopper's content and is closed.
    const order = await popup.evaluate(() => {
      const owner = document.getElementById('owner-section');
      return { afterConcerns: !!(document.getElementById('concerns').compareDocumentPosition(owner) & Node.DOCUMENT_POSITION_FOLLOWING), open: owner.open };
    });
    assert.deepEqual(order, { afterConcerns: true, open: false });
  } finally {
    await popup.close();
    await page.close();
  }
});

test('"Reject for me" from the keyboard: focus stays in its place, the new grade is announced', async () => {
  const { page, tabId } = await rig.open('https://accept-only-shop.test/');
  const { report } = await judgedReport(rig.browser.ctx, tabId, { url: page.url() });
  assert.equal(report.consent.canRejectForMe, true);
  const popup = await popupOf(tabId);
  try {
    assert.equal(await popup.textContent('#announce'), '', 'nothing announced before the click');
    await popup.focus('.consent-reject-for-me');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('#reject-area .consent-answer[data-answer="reject"]', { timeout: 15000 });
    assert.equal(await popup.evaluate(() => document.activeElement?.matches('#reject-area .consent-answer')), true,
      'focus moved from the button to its result, not to the page');
    await popup.waitForFunction(() => /^Grade now [ABCDF]: ./.test(document.getElementById('announce').textContent));
    const announced = await popup.textContent('#announce');
    assert.equal(await popup.getAttribute('#announce', 'aria-live'), 'polite');
    assert.ok(announced.startsWith(`Grade now ${(await popup.textContent('#grade')).trim()}: ${(await popup.textContent('#verdict')).trim()}`), announced);
  } finally {
    await popup.close();
    await page.close();
  }
});

test('every message the popup names exists in en (plural pairs included)', () => {
  const js = readFileSync(new URL('../../extension/popup.js', import.meta.url), 'utf8');
  const html = readFileSync(new URL('../../extension/popup.html', import.meta.url), 'utf8');
  const literal = [...js.matchAll(/\b(?:t|counted)\('([a-z][\w]*)'/g)].map((m) => m[1]);
  const plural = [...js.matchAll(/\bcounted\('([a-z][\w]*)'/g)].map((m) => `${m[1]}_one`);
  const prefixed = [...js.matchAll(/t\(`(popup_(?:tier|letter)_)\$\{/g)].map((m) => m[1]);
  const keys = [...literal, ...plural, ...[...html.matchAll(/data-i18n="([\w]+)"/g)].map((m) => m[1]),
    ...prefixed.flatMap((p) => (p === 'popup_tier_' ? TIERS : ['A', 'B', 'C', 'D', 'F']).map((x) => p + x))];
  assert.ok(keys.length > 40, `found ${keys.length} keys`);
  assert.deepEqual(keys.filter((k) => !MESSAGES[k]), []);
});
