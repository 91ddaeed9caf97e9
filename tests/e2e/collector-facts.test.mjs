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
