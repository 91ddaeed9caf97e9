// "Data you type" (issue 12) in Debian's headless Chromium with ShopTrust loaded: type into
// the demo shops' fields key by key (Playwright `type`), then read the finding in the stored
// report and in the popup; search everything the extension stores and the popup's DOM for
// what was typed and its SHA-256, and find none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { useRig } from './rig.mjs';
import { currentWorker, openPopup, settledReport } from '../../xtask/js/chromium.mjs';

const rig = useRig();

const probeEmail = () => `probe.${randomBytes(4).toString('hex')}@example.com`;
const sha256 = (text) => createHash('sha256').update(text).digest('hex');
const typedIds = (report) => report.findings.filter((f) => f.concern === 'data').map((f) => f.id);

/** Opens `url`, types `entries` ([selector, text]) key by key, moves focus on, waits for the report. */
async function typeInto(url, entries) {
  const { page, tabId } = await rig.open(url);
  for (const [selector, text] of entries) {
    await page.click(selector);
    await page.type(selector, text, { delay: 15 });
    await page.keyboard.press('Tab');
  }
  await page.waitForTimeout(800); // the page's own handlers (blur, change, hashing) send now
  const report = await settledReport(rig.browser.ctx, tabId, { url: page.url(), settleMs: 1500 });
  return { page, tabId, report };
}

/** Every value chrome.storage.session holds, as one JSON text. */
async function everythingStored() {
  const worker = await currentWorker(rig.browser.ctx);
  return worker.evaluate(async () => JSON.stringify(await chrome.storage.session.get(null)));
}

test('newsletter pop-up: the e-mail sent on blur is reported, naming the recipient, in the report and the popup', async () => {
  const email = probeEmail();
  const { page, tabId, report } = await typeInto('https://newsletter-shop.test/', [['#newsletter-email', email]]);
  assert.deepEqual(typedIds(report), ['data.before-submit'], JSON.stringify(report.data));
  assert.equal(report.grade, 'D');
  const leak = report.data.leaks[0];
  assert.equal(leak.recipientHost, 'a.klaviyo.com');
  assert.equal(leak.beforeSubmit, true);
  assert.match(leak.evidenceUrl, /email=\[your e-mail\]/);

  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  await popup.click('.concern[data-concern="data"] .concern-toggle');
  const line = (await popup.textContent('.data-leak-line')).trim();
  assert.equal(line, 'Your e-mail address was sent to Klaviyo before you pressed any button, in plain text, encoded for the web');
  assert.equal(leak.recipientCompany, 'Klaviyo');
  assert.match(await popup.textContent('.concern[data-concern="data"] .concern-line'), /before you pressed any button/);

  // Nothing the extension keeps, and nothing the popup shows, holds the value or its hash.
  const stored = await everythingStored();
  const shown = await popup.evaluate(() => document.documentElement.outerHTML);
  // The request was kept (the tracking concern reads it), with the value replaced.
  assert.match(stored, /a\.klaviyo\.com\/client\/profiles\/\?[^"]*\[your e-mail\]/);
  for (const secret of [email, encodeURIComponent(email), sha256(email), email.split('@')[0]]) {
    assert.ok(!stored.includes(secret), `chrome.storage.session holds ${secret}`);
    assert.ok(!shown.includes(secret), `the popup shows ${secret}`);
  }
  await popup.close();
  await page.close();
});

test('pixel advanced matching: SHA-256 of the e-mail and phone to Meta before submit', async () => {
  const email = probeEmail();
  const { page, tabId, report } = await typeInto('https://pixel-shop.test/', [
    ['input[type="email"]', email], ['input[type="tel"]', '+44 20 7946 0958'],
  ]);
  assert.deepEqual(typedIds(report), ['data.before-submit'], JSON.stringify(report.data));
  const byKind = Object.fromEntries(report.data.leaks.map((l) => [l.kind, l]));
  assert.equal(byKind.email.recipientHost, 'www.facebook.com');
  assert.match(byKind.email.encoding, /sha256/);
  assert.ok(byKind.phone, 'the phone hash is found');
  const stored = await everythingStored();
  for (const secret of [email, sha256(email), sha256('442079460958')]) {
    assert.ok(!stored.includes(secret), `chrome.storage.session holds ${secret}`);
  }
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  await popup.click('.concern[data-concern="data"] .concern-toggle');
  const lines = await popup.$$eval('.data-leak-line', (items) => items.map((p) => p.textContent.trim()));
  assert.ok(lines.some((l) => /^Your e-mail address was sent to .+ before you pressed any button, as a SHA-256 hash$/.test(l)), lines.join('\n'));
  const shown = await popup.evaluate(() => document.documentElement.outerHTML);
  assert.ok(!shown.includes(sha256(email)) && !shown.includes(email));
  await popup.close();
  await page.close();
});

test('card number sent base64-encoded to an unknown host on input: F', async () => {
  const { page, report } = await typeInto('https://card-skim-shop.test/', [['input[name="cc_number"]', '4242 4242 4242 4242']]);
  assert.ok(typedIds(report).includes('data.card-leak'), JSON.stringify(report.data));
  assert.equal(report.grade, 'F');
  const leak = report.data.leaks.find((l) => l.kind === 'card_number');
  assert.equal(leak.recipientHost, 'cdn.checkout-metrics.example');
  assert.match(leak.encoding, /base64/);
  const stored = await everythingStored();
  assert.ok(!stored.includes('4242424242424242') && !stored.includes('4242 4242 4242 4242'));
  await page.close();
});

test('must not fire: e-mail to the shop itself on submit, card to the provider\'s frame, a random id to a third party', async () => {
  {
    const { page, tabId } = await rig.open('https://own-newsletter-shop.test/');
    await page.click('input[type="email"]');
    await page.type('input[type="email"]', probeEmail(), { delay: 15 });
    await page.click('button[type="submit"]');
    await page.waitForSelector('#thanks:not([hidden])');
    const report = await settledReport(rig.browser.ctx, tabId, { url: page.url(), settleMs: 1500 });
    assert.deepEqual(typedIds(report), []);
    assert.equal(report.concerns.find((c) => c.concern === 'data')?.grade, 'A');
    await page.close();
  }
  {
    const { page, tabId } = await rig.open('https://provider-card-shop.test/');
    const frame = page.frameLocator('iframe[name="__privateStripeFrame7"]');
    await frame.locator('input[name="cardnumber"]').click();
    await frame.locator('input[name="cardnumber"]').pressSequentially('4242 4242 4242 4242', { delay: 15 });
    await page.keyboard.press('Tab');
    await page.waitForTimeout(800);
    const report = await settledReport(rig.browser.ctx, tabId, { url: page.url(), settleMs: 1500 });
    assert.deepEqual(typedIds(report), []);
    assert.equal(report.concerns.find((c) => c.concern === 'data')?.grade, 'A', JSON.stringify(report.data));
    await page.close();
  }
  {
    const { page, report } = await typeInto('https://random-id-shop.test/', [['#signup-email', probeEmail()]]);
    assert.deepEqual(typedIds(report), []);
    assert.ok(report.data.requestsSearched > 0, 'the beacon was read');
    await page.close();
  }
});

test('scan --fill types a synthetic identity (never submitting) and reports the three leaky shops, not the counterparts', { timeout: 5 * 60 * 1000 }, async () => {
  const { execFile } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const urls = ['newsletter-shop', 'pixel-shop', 'card-skim-shop', 'own-newsletter-shop', 'provider-card-shop', 'random-id-shop']
    .map((shop) => `https://${shop}.test/`);
  const server = rig.server;
  const before = server.requests.length;
  const { code, stdout, stderr } = await new Promise((resolve) => {
    execFile('node', ['xtask/js/scan.mjs', '--fill', '--json', '--resolve-all-to', `127.0.0.1:${server.port}`, '--ignore-cert-errors', ...urls],
      { cwd: root, maxBuffer: 64 * 1024 * 1024, timeout: 4 * 60 * 1000 },
      (error, out, err) => resolve({ code: error ? error.code ?? 1 : 0, stdout: out, stderr: err }));
  });
  assert.equal(code, 0, stderr.slice(-2000));
  const results = JSON.parse(stdout);
  const ids = Object.fromEntries(results.map((r) => [new URL(r.url).host, r.findings.filter((f) => f.concern === 'data').map((f) => f.id)]));
  assert.deepEqual(ids, {
    'newsletter-shop.test': ['data.before-submit'],
    'pixel-shop.test': ['data.before-submit'],
    'card-skim-shop.test': ['data.card-leak'],
    'own-newsletter-shop.test': [],
    'provider-card-shop.test': [],
    'random-id-shop.test': [],
  }, JSON.stringify(results.map((r) => [r.url, r.filled, r.data])));
  const byHost = Object.fromEntries(results.map((r) => [new URL(r.url).host, r]));
  assert.equal(byHost['card-skim-shop.test'].grade, 'F');
  assert.ok(byHost['card-skim-shop.test'].filled.includes('card'), 'the test card was typed into the in-page card field');
  assert.ok(byHost['pixel-shop.test'].filled.includes('phone'));
  for (const r of results) assert.ok(r.data, `${r.url}: something was typed and judged`);
  // It never submitted: no form post reached any of these shops.
  const posts = server.requests.slice(before).filter((q) => q.method === 'POST' && urls.some((u) => new URL(u).host === q.host));
  assert.deepEqual(posts.map((q) => `${q.host}${q.path}`), []);
  // And the typed e-mail is in no report.
  assert.ok(!/probe\.[0-9a-f]{8}@example\.com/.test(stdout), 'a report holds the typed e-mail');
});
