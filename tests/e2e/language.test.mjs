// The popup follows the browser's UI language: Chromium started with --lang=de shows the
// German popup (extension/_locales/de) on a demo shop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startDemoServer } from '../../www/serve.mjs';
import { launchWithExtension, tabIdOf, settledReport, openPopup } from '../../xtask/js/chromium.mjs';

const de = JSON.parse(readFileSync(new URL('../../extension/_locales/de/messages.json', import.meta.url), 'utf8'));
let server;
let browser;
before(async () => {
  server = await startDemoServer();
  browser = await launchWithExtension({ resolveAllTo: `127.0.0.1:${server.port}`, ignoreCertErrors: true, lang: 'de' });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('with --lang=de the popup speaks German: headline, pay line and section names', async () => {
  const page = await browser.ctx.newPage();
  await page.goto('https://secure-shop.test/checkout.html', { waitUntil: 'load' });
  const tabId = await tabIdOf(browser.ctx, page);
  const report = await settledReport(browser.ctx, tabId, { url: page.url() });
  const popup = await openPopup(browser.ctx, browser.extensionId, tabId);
  await popup.waitForSelector('body[data-state="judged"]');
  assert.equal(await popup.evaluate(() => chrome.i18n.getUILanguage()), 'de');
  assert.equal((await popup.textContent('#verdict')).trim(), de[report.headline.key].message);
  assert.notEqual(de[report.headline.key].message, report.headline.key);
  assert.equal(await popup.evaluate(() => document.documentElement.lang), 'de');
  await popup.close();
  await page.close();
});
