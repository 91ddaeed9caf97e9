// The payment concern in Debian's headless Chromium with ShopTrust loaded, on the demo
// checkouts (www/shops/, listed in www/shops/demo.json): the payment grade, the one-line
// verdict the popup shows, and the scripts it lists as able to read the card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useRig, findingIds } from './rig.mjs';
import { openPopup, tabState } from '../../xtask/js/chromium.mjs';

const rig = useRig();

/** Loads a checkout, waits for the stored report, opens the popup on it. */
async function checkout(url) {
  const { page, tabId, report } = await rig.openJudged(url);
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  await popup.click('.concern[data-concern="payment"] .concern-toggle'); // open the payment row
  await popup.waitForSelector('.concern[data-concern="payment"] .payment-verdict-line');
  const shown = {
    headline: (await popup.textContent('#payment-verdict')).trim(),
    line: (await popup.textContent('.payment-verdict-line')).trim(),
    heading: (await popup.textContent('.payment-scripts-heading')).trim(),
    scripts: await popup.$$eval('.payment-script', (items) => items.map((li) => ({
      name: li.querySelector('.payment-script-name').textContent,
      party: li.dataset.party,
      sri: li.dataset.sri,
      tags: li.querySelector('.payment-script-tags').textContent,
    }))),
    grade: (await popup.textContent('.concern[data-concern="payment"] .concern-grade')).trim(),
  };
  const close = async () => { await popup.close(); await page.close(); };
  return { page, tabId, report, popup, shown, close };
}

const paymentGrade = (report) => report.concerns.find((c) => c.concern === 'payment')?.grade;
const paymentIds = (report) => report.findings.filter((f) => f.concern === 'payment').map((f) => f.id);

test('Stripe checkout: the card goes straight to Stripe, no script can read it', async () => {
  const { report, shown, close } = await checkout('https://secure-shop.test/checkout.html');
  assert.equal(paymentGrade(report), 'A');
  assert.deepEqual(paymentIds(report), []);
  assert.equal(report.payment.cardFields, 'provider');
  assert.equal(shown.headline, 'Your card goes straight to Stripe: no script of this shop can read it');
  assert.equal(shown.line, shown.headline);
  assert.equal(shown.grade, 'A');
  assert.match(shown.heading, /out of their reach/);
  assert.deepEqual(shown.scripts.map((s) => [s.name, s.party]), [
    ['https://secure-shop.test/js/checkout.js', 'firstParty'],
    ['https://js.stripe.com/v3/stripe.js', 'provider'],
  ]);
  await close();
});

test('card fields in the page with a strict CSP and SRI on every script: B, probably safe', async () => {
  const { report, shown, close } = await checkout('https://sri-shop.test/checkout.html');
  assert.equal(paymentGrade(report), 'B', paymentIds(report).join());
  assert.deepEqual(paymentIds(report), ['payment.card-fields-in-page', 'payment.third-party-scripts']);
  assert.equal(report.payment.csp, 'strict');
  assert.equal(shown.headline, "Your card is typed into the shop's own page; only 3 of the shop's own or pinned scripts can read it");
  assert.match(shown.heading, /can read your card number/);
  assert.equal(shown.scripts.length, 3);
  assert.ok(shown.scripts.every((s) => s.sri === 'yes'), JSON.stringify(shown.scripts));
  assert.ok(shown.scripts.some((s) => s.name.startsWith('https://cdn.jsdelivr.net/') && s.party === 'thirdParty'), JSON.stringify(shown.scripts));
  // The browser checked the hashes: the scripts ran (the validator is loaded).
  await close();
});

test('card fields beside session replay and unpinned third parties: F, pay another way', async () => {
  const { report, shown, close } = await checkout('https://leaky-shop.test/checkout.html');
  assert.equal(paymentGrade(report), 'F');
  assert.equal(report.grade, 'F');
  for (const id of ['payment.session-replay-card-fields', 'payment.trackers-card-fields', 'payment.third-party-scripts-without-integrity', 'payment.csp-missing']) {
    assert.ok(paymentIds(report).includes(id), `${id} missing from ${paymentIds(report).join()}`);
  }
  const readers = report.payment.readers;
  assert.ok(readers >= 12, `readers ${readers}`);
  assert.equal(shown.headline, `Pay with PayPal or a virtual card instead: ${readers} scripts on this page can read your card number`);
  // The recorder first, then trackers, other sites without SRI, the shop's own.
  assert.equal(shown.scripts[0].party, 'sessionReplay');
  assert.match(shown.scripts[0].name, /^https:\/\/static\.hotjar\.com\//);
  const byName = (needle) => shown.scripts.find((s) => s.name.includes(needle));
  assert.equal(byName('connect.facebook.net')?.party, 'tracker');
  assert.equal(byName('cdn.livechatinc.com')?.party, 'thirdParty');
  assert.equal(byName('cdn.livechatinc.com')?.sri, 'no');
  assert.match(byName('cdn.livechatinc.com')?.tags ?? '', /no SRI/);
  assert.equal(byName('/js/shop.js')?.party, 'firstParty');
  // Scripts another script added (Google Analytics from the tag manager) are listed too.
  assert.ok(shown.scripts.some((s) => s.name.includes('google-analytics.com') && /added by another script|tracker/.test(s.tags)), JSON.stringify(shown.scripts));
  const parties = shown.scripts.map((s) => s.party);
  assert.deepEqual(parties, [...parties].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)), 'worst first');
  await close();
});
const ORDER = ['sessionReplay', 'tracker', 'thirdParty', 'firstParty', 'provider'];

test('German checkout without autocomplete tokens: fields recognised, wallets listed, the card line agrees with B', async () => {
  const { report, shown, close } = await checkout('https://german-shop.test/kasse.html');
  // Only the shop's own scripts can read the fields: minor points for the owner.
  assert.equal(paymentGrade(report), 'B');
  const fields = report.payment.fieldsInPage.join(' | ');
  for (const kind of ['card number', 'expiry', 'security code', 'card holder']) assert.ok(fields.includes(kind), `${kind} in ${fields}`);
  assert.ok(!/autocomplete="cc-/.test(fields), fields);
  assert.deepEqual(report.payment.wallets, ['PayPal', 'Klarna']);
  assert.equal(shown.headline, "Your card is typed into the shop's own page; only 2 of the shop's own or pinned scripts can read it");
  assert.deepEqual(shown.scripts.map((s) => [s.name, s.party, s.sri]), [
    ['https://german-shop.test/js/shop.js', 'firstParty', 'no'],
    ['https://german-shop.test/js/kasse.js', 'firstParty', 'no'],
  ]);
  await close();
});

test('card form posting to another domain: F, names the site', async () => {
  const { report, shown, close } = await checkout('https://offsite-shop.test/checkout.html');
  assert.equal(paymentGrade(report), 'F');
  assert.ok(paymentIds(report).includes('payment.card-form-third-party'), paymentIds(report).join());
  assert.equal(shown.headline, "Don't type your card here: the form sends it to paygate-direct.example, not a known payment provider");
  assert.deepEqual(shown.scripts.map((s) => s.name), ['https://offsite-shop.test/js/shop.js']);
  await close();
});

test('obfuscated inline skimmer: suspicious script named, evidence shown as text', async () => {
  const { report, popup, shown, close } = await checkout('https://skimmed-shop.test/checkout.html');
  assert.equal(paymentGrade(report), 'F');
  assert.ok(paymentIds(report).includes('payment.suspicious-script'), paymentIds(report).join());
  assert.equal(shown.headline, "Don't type your card here: a script on this page looks like a card skimmer");
  assert.deepEqual(shown.scripts[0], { name: 'inline script #2', party: 'firstParty', sri: 'no', tags: 'the shop · suspicious' });
  assert.ok(shown.scripts.some((s) => s.name === 'https://skimmed-shop.test/js/shop.min.js'), JSON.stringify(shown.scripts));
  // The honest config snippet stays in the grouped inline entry.
  assert.deepEqual(shown.scripts.at(-1), { name: 'Inline scripts in the page: 1', party: 'firstParty', sri: 'no', tags: 'the shop' });
  const evidence = await popup.textContent('.finding[data-id="payment.suspicious-script"] .evidence');
  assert.match(evidence, /_0x/);
  assert.match(evidence, /cc-number/);
  assert.match(evidence, /jquery-cdn-stats\.example/);
  // The script's text is page-controlled: it is shown as text, no element was made from it.
  assert.equal(await popup.$$eval('.finding[data-id="payment.suspicious-script"] .evidence li *', (els) => els.length), 0);
  await close();
});

test('a shop page without card entry has no payment verdict: "No card form on this page"', async () => {
  const { page, tabId, report } = await rig.openJudged('https://sri-shop.test/');
  assert.equal(report.payment ?? null, null);
  assert.equal(paymentGrade(report), undefined);
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  await popup.waitForSelector('#verdict:not(:empty)');
  assert.match((await popup.textContent('#payment-verdict')).trim(), /^No card form on this page/);
  assert.equal(await popup.locator('#pay').getAttribute('data-card-form'), 'no');
  assert.equal(await popup.$('.payment'), null);
  await popup.close();
  await page.close();
});

test('the collector caps inline script text and wallet candidates, and says so', async () => {
  // A card page with ten 30,000-character inline scripts (each over the 16,384 per-script
  // cap; eight cut scripts fill the 131,072 total) and 300 ordinary buttons before the
  // PayPal one (over the 100 candidates).
  const filler = 'var a=document.title;'.repeat(1500).slice(0, 30000);
  const html = ['<!doctype html><html lang="en"><head><title>Caps</title></head><body>',
    '<form action="/pay" method="post"><label>Card number<input name="cardnumber" autocomplete="cc-number"></label></form>',
    ...Array.from({ length: 300 }, (_, i) => `<button type="button">Size ${i}</button>`),
    '<button type="button" class="paypal-button">PayPal</button>',
    ...Array.from({ length: 10 }, () => `<script>${filler}</script>`),
    '</body></html>'].join('');
  await rig.browser.ctx.route('https://inline-caps.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  const { page, tabId, report } = await rig.openJudged('https://inline-caps.test/');
  const facts = (await tabState(rig.browser.ctx, tabId)).facts;
  const texts = facts.payment.inlineScriptTexts;
  assert.deepEqual(texts.map((s) => s.text.length), Array(8).fill(16384), 'each cut at 16,384; the total cap filled, not exceeded');
  assert.ok(texts.every((s) => s.bytes === 30000));
  assert.equal(facts.inlineScripts.count, 10);
  assert.deepEqual(facts.truncated.find((t) => t.list === 'inlineScriptText'), { list: 'inlineScriptText', kept: 0, seen: 10 });
  assert.equal(facts.payment.walletCandidates.length, 100);
  assert.ok(facts.truncated.some((t) => t.list === 'walletCandidates' && t.seen === 301), JSON.stringify(facts.truncated));
  // Named candidates are collected first, so the PayPal button is not crowded out.
  assert.deepEqual(report.payment.wallets, ['PayPal']);
  assert.ok(report.caveats.some((c) => c.key === 'caveat_truncated' && c.detail.startsWith('inlineScriptText')), JSON.stringify(report.caveats));
  assert.equal(report.status, 'judged');
  await page.close();
  await rig.browser.ctx.unroute('https://inline-caps.test/**');
});

test('demo.json: the payment demo checkouts grade as listed', async () => {
  const shops = JSON.parse(readFileSync(new URL('../../www/shops/demo.json', import.meta.url), 'utf8'));
  const payment = shops.filter((s) => ['sri-shop', 'leaky-shop', 'german-shop', 'offsite-shop', 'skimmed-shop'].includes(s.shop));
  assert.equal(payment.length, 5);
  for (const shop of payment) {
    const { page, report } = await rig.openJudged(shop.url);
    assert.equal(report.grade, shop.expectedGrade, `${shop.shop}: ${findingIds(report).join()}`);
    await page.close();
  }
});
