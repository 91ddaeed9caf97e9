// What content.js reads without asking the browser the usual way, checked against the
// browser's own answer on the same page: an input's type from its attribute (not el.type),
// and cookie names from the Cookie Store API (not document.cookie). In Debian's headless
// Chromium with ShopTrust loaded; the page is served by a route, not the demo server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRig } from './rig.mjs';
import { tabState, settledReport } from '../../xtask/js/chromium.mjs';

const rig = useRig();
const URL = 'https://collector-facts.test/';

const PAGE = `<!doctype html><html lang="en"><head><title>Collector facts</title>
<script>
  document.cookie = 'alpha=1; path=/';
  document.cookie = 'beta=two=2; path=/';
  document.cookie = 'no-name-at-all; path=/';
</script></head><body>
<form action="/order" method="post">
  <label for="n">Quantity</label><input id="n" type="NUMBER" name="qty">
  <input id="d" type="datetime" name="when" placeholder=" Pick  a day ">
  <input id="b" type="bogus" aria-label="Made up">
  <input id="plain" maxlength="4" inputmode="Numeric" autocomplete="cc-csc">
  <label>Email <input type="Email" name="email"></label>
  <span id="t1">Note</span><textarea aria-labelledby="t1"></textarea>
  <select name="size"><option>S</option></select>
  <input type="hidden" name="token">
  <input type="image" alt="go" src="data:,">
  <input type="submit" value="Order">
</form>
<input type=" text" name="loose">
</body></html>`;

async function openCollected() {
  await rig.browser.ctx.route(`${URL}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: PAGE }));
  const { page, tabId } = await rig.open(URL);
  await settledReport(rig.browser.ctx, tabId, { url: page.url() });
  const { facts } = await tabState(rig.browser.ctx, tabId);
  return { page, facts };
}

test('an input\'s type is the one the browser gives it, whatever case or value the attribute has', async () => {
  const { page, facts } = await openCollected();
  // The browser's answer: el.type of every control, by form owner, image inputs left out
  // (form.elements does not list them).
  const browser = await page.evaluate(() => {
    const type = (el) => (el.localName === 'input' ? el.type : el.localName);
    const controls = [...document.querySelectorAll('input,select,textarea')].filter((el) => el.type !== 'image');
    return { inForm: controls.filter((el) => el.form).map(type), loose: controls.filter((el) => !el.form).map(type) };
  });
  assert.deepEqual(facts.forms[0].inputs.map((i) => i.type), browser.inForm);
  assert.deepEqual(facts.looseInputs.map((i) => i.type), browser.loose);
  assert.deepEqual(browser.inForm, ['number', 'text', 'text', 'text', 'email', 'textarea', 'select', 'hidden', 'submit']);
  const byName = Object.fromEntries(facts.forms[0].inputs.map((i) => [i.id || i.name || i.type, i]));
  assert.equal(byName.n.label, 'Quantity');
  assert.equal(byName.d.placeholder, 'Pick a day');
  assert.equal(byName.b.label, 'Made up');
  assert.equal(byName.plain.maxLength, 4);
  assert.equal(byName.plain.inputmode, 'numeric');
  assert.equal(byName.plain.autocomplete, 'cc-csc');
  assert.equal(byName.email.label, 'Email');
  assert.equal(byName.textarea.label, 'Note');
  assert.equal(byName.token.visible, false);
  assert.equal(byName.n.name, 'qty');
  assert.equal(facts.readFailures, 0);
  await page.close();
});

test('cookie names are those document.cookie shows, a nameless cookie by its value', async () => {
  const { page, facts } = await openCollected();
  const shown = await page.evaluate(() => document.cookie.split(';').map((c) => c.split('=', 1)[0].trim()).filter(Boolean));
  assert.deepEqual(shown, ['alpha', 'beta', 'no-name-at-all']);
  assert.deepEqual(facts.cookieNames, shown);
  await page.close();
});

// The facts of the report after `change` (a function run in the page, or null) and then a
// change of the form's action, which makes a report of its own: the report that shows
// `change` was not made because of it.
let triggers = 0;
async function factsAfterChange(page, tabId, change) {
  if (change) await page.evaluate(change);
  const action = new globalThis.URL(`/order-${++triggers}`, page.url()).href;
  await page.evaluate((a) => document.forms[0].setAttribute('action', a), action);
  for (let i = 0; i < 100; i++) {
    const facts = (await tabState(rig.browser.ctx, tabId))?.facts;
    if (facts?.forms?.[0]?.action === action) return facts;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no report with the form's action ${action}`);
}

// A later report takes over the scripts, stylesheets, media and links of an earlier one when
// nothing they read has changed (content.js, REUSABLE_LISTS); every change below must still
// reach the facts.
const KEPT_URL = 'https://kept-lists.test/';
const KEPT_PAGE = `<!doctype html><html lang="en"><head><title>Kept lists</title>
<link rel="stylesheet" href="/a.css"><script src="/app.js"></script></head><body>
<form action="/order" method="post"><input name="q"></form>
<img src="/one.png" alt=""><a href="rel">Shop</a>
</body></html>`;

test('a later report reads again every list a change touched, and only takes over the others', async () => {
  await rig.browser.ctx.route(`${KEPT_URL}**`, (route) => (new globalThis.URL(route.request().url()).pathname === '/'
    ? route.fulfill({ status: 200, contentType: 'text/html', body: KEPT_PAGE })
    : route.fulfill({ status: 200, body: '' })));
  const { page, tabId } = await rig.open(KEPT_URL);
  const factsAfter = (change) => factsAfterChange(page, tabId, change);
  const lists = (facts) => ({ scripts: facts.scripts, stylesheets: facts.stylesheets, media: facts.media, links: facts.links });
  // The browser's own answer for the same lists.
  const browserSays = () => page.evaluate(() => ({
    scripts: [...document.querySelectorAll('script[src]')].map((s) => [s.src, s.getAttribute('integrity') ?? '', s.type]),
    stylesheets: [...document.querySelectorAll('link[rel~="stylesheet" i][href]')].map((l) => [l.href, l.getAttribute('integrity') ?? '']),
    media: [...document.querySelectorAll('img[src]')].map((i) => i.src),
    links: [...document.querySelectorAll('a[href]')].map((a) => [a.textContent, a.href]),
  }));
  const asBrowserSays = (facts) => ({
    scripts: facts.scripts.map((s) => [s.src, s.integrity, s.type]),
    stylesheets: facts.stylesheets.map((l) => [l.href, l.integrity]),
    media: facts.media.map((m) => m.src),
    links: facts.links.map((l) => [l.text, l.href]),
  });

  const first = await factsAfter(null);
  assert.deepEqual(asBrowserSays(first), await browserSays());
  assert.deepEqual(lists(await factsAfter(null)), lists(first), 'nothing they read changed');
  const changes = [
    () => document.images[0].setAttribute('src', 'https://cdn.kept-lists.test/two.png'),
    () => { document.links[0].textContent = 'Sale'; },
    () => document.querySelector('link').setAttribute('integrity', 'sha384-abc'),
    () => document.querySelector('link').setAttribute('rel', 'alternate stylesheet'),
    () => { document.scripts[0].type = 'module'; },
    () => document.scripts[0].setAttribute('integrity', 'sha384-def'),
    () => document.links[0].setAttribute('aria-label', 'Sale now'),
    () => document.body.append(Object.assign(document.createElement('a'), { href: 'http://plain.kept-lists.test/', textContent: 'More' })),
    // A new base URL resolves the same relative addresses elsewhere, attributes unchanged.
    () => history.pushState(null, '', '/deep/'),
    () => document.head.append(Object.assign(document.createElement('base'), { href: 'https://elsewhere.kept-lists.test/x/' })),
  ];
  for (const change of changes) {
    const facts = await factsAfter(change);
    assert.deepEqual(asBrowserSays(facts), await browserSays(), `after ${change}`);
  }
  assert.equal(first.readFailures, 0);
  await page.close();
});

// Which elements are wallet candidates is also taken over (their facts are read again every
// report): a change to what the wallet queries read must bring the candidates up to date.
const WALLET_URL = 'https://kept-wallet.test/';
const WALLET_PAGE = `<!doctype html><html lang="en"><head><title>Kept wallet candidates</title></head><body>
<form action="/order" method="post"><input name="q"></form>
<button type="button" id="buy">Buy</button><div id="later">Pay later</div><img src="data:," alt="">
</body></html>`;

test('wallet candidates follow every change to what finds them, and their facts are read again', async () => {
  await rig.browser.ctx.route(`${WALLET_URL}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: WALLET_PAGE }));
  const { page, tabId } = await rig.open(WALLET_URL);
  const candidatesAfter = async (change) => (await factsAfterChange(page, tabId, change)).payment.walletCandidates
    .map((c) => `${c.tag} ${c.text} ${c.visible}`);
  assert.deepEqual(await candidatesAfter(null), ['button Buy true']);
  assert.deepEqual(await candidatesAfter(null), ['button Buy true']);
  // Named candidates come first.
  assert.deepEqual(await candidatesAfter(() => document.getElementById('later').setAttribute('class', 'klarna-badge')), ['div Pay later true', 'button Buy true']);
  assert.deepEqual(await candidatesAfter(() => document.getElementById('later').removeAttribute('class')), ['button Buy true']);
  assert.deepEqual(await candidatesAfter(() => document.getElementById('later').setAttribute('role', 'button')), ['button Buy true', 'div Pay later true']);
  assert.deepEqual(await candidatesAfter(() => { document.getElementById('later').id = 'gpay-later'; }), ['div Pay later true', 'button Buy true']);
  assert.deepEqual(await candidatesAfter(() => document.images[0].setAttribute('alt', 'PayPal')),
    ['div Pay later true', 'img  true', 'button Buy true']);
  // Not what finds them: read again all the same.
  assert.deepEqual(await candidatesAfter(() => { document.getElementById('buy').style.display = 'none'; }),
    ['div Pay later true', 'img  true', 'button Buy false']);
  assert.deepEqual(await candidatesAfter(() => { document.getElementById('gpay-later').firstChild.data = 'Pay in 3'; }),
    ['div Pay in 3 true', 'img  true', 'button Buy false']);
  assert.deepEqual(await candidatesAfter(() => document.body.append(Object.assign(document.createElement('button'), { textContent: 'Apple Pay' }))),
    ['div Pay in 3 true', 'img  true', 'button Buy false', 'button Apple Pay true']);
  await page.close();
});

// Which controls each form owns, and which none does, is also taken over while nothing that
// decides it has changed (the page's structure, a control's form or type attribute, a form's
// id); each control's facts are read again, visibility among them.
const CONTROLS_URL = 'https://kept-controls.test/';
const CONTROLS_PAGE = `<!doctype html><html lang="en"><head><title>Kept form controls</title></head><body>
<form id="a" action="/order" method="post"><input id="a1" name="a1"><input id="a2" name="a2"></form>
<form id="b" action="/newsletter"><input id="b1" name="b1"></form>
<input id="c1" name="c1" form="a"><input id="loose1" name="loose1">
</body></html>`;

test('form controls follow every change to which form owns them, and their facts are read again', async () => {
  await rig.browser.ctx.route(`${CONTROLS_URL}**`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: CONTROLS_PAGE }));
  const { page, tabId } = await rig.open(CONTROLS_URL);
  const asCollected = (facts) => ({
    forms: facts.forms.map((f) => f.inputs.map((i) => `${i.name} ${i.visible}`)),
    loose: facts.looseInputs.map((i) => `${i.name} ${i.visible}`),
  });
  // The browser's own answer: form.elements of each form, and the controls no form owns.
  const browserSays = () => page.evaluate(() => {
    const said = (el) => `${el.name} ${el.checkVisibility({ visibilityProperty: true })}`;
    const isControl = (el) => ['input', 'select', 'textarea'].includes(el.localName);
    return {
      forms: [...document.forms].map((form) => [...form.elements].filter(isControl).map(said)),
      loose: [...document.querySelectorAll('input,select,textarea')].filter((el) => !el.form).map(said),
    };
  });
  const first = await factsAfterChange(page, tabId, null);
  assert.deepEqual(asCollected(first), { forms: [['a1 true', 'a2 true', 'c1 true'], ['b1 true']], loose: ['loose1 true'] });
  const changes = [
    null,
    () => document.getElementById('c1').setAttribute('form', 'b'),
    () => { document.getElementById('b').id = 'b-renamed'; },
    () => { document.getElementById('a2').type = 'image'; },
    () => { document.getElementById('a1').style.display = 'none'; },
    () => document.getElementById('b1').setAttribute('name', 'b1-renamed'),
    () => document.forms[0].append(Object.assign(document.createElement('input'), { name: 'a3' })),
    () => document.getElementById('a1').remove(),
    () => document.getElementById('loose1').setAttribute('form', 'a'),
  ];
  for (const change of changes) {
    const facts = await factsAfterChange(page, tabId, change);
    assert.deepEqual(asCollected(facts), await browserSays(), `after ${change}`);
  }
  assert.deepEqual(await browserSays(), { forms: [['a3 true', 'loose1 true'], ['b1-renamed true']], loose: ['c1 true'] });
  // Moving a control into another form is a change of where its data goes: reported on its own.
  await page.evaluate(() => document.getElementById('c1').setAttribute('form', 'a'));
  for (let i = 0; ; i++) {
    const facts = (await tabState(rig.browser.ctx, tabId))?.facts;
    if (facts?.forms?.[0]?.inputs?.some((input) => input.name === 'c1')) break;
    assert.ok(i < 100, 'no report after a control moved into another form');
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(first.readFailures, 0);
  await page.close();
});
