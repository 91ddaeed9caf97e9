// The same build judges the same way in both browsers: every demo shop of
// www/shops/demo.json gets the same grade, and the same grade per concern, in Debian's
// Chromium and in Firefox ESR (each loading its own package, through `scan`'s driver).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer } from '../../www/serve.mjs';
import { launchBrowser, judge, demoShops } from '../../xtask/js/scan.mjs';

let server;
before(async () => { server = await startDemoServer(); });
after(async () => { await server?.close(); });

async function gradesIn(browserName) {
  const browser = await launchBrowser(browserName, { resolveAllTo: `127.0.0.1:${server.port}`, ignoreCertErrors: true });
  const grades = {};
  try {
    for (const shop of demoShops()) {
      const result = await judge(browser, shop.url, null);
      grades[shop.shop] = {
        grade: result.grade,
        badge: result.badge?.text ?? null,
        concerns: Object.fromEntries(Object.entries(result.concerns).map(([concern, c]) => [concern, c.grade])),
      };
    }
  } finally {
    await browser.close();
  }
  return grades;
}

test('every demo shop gets the same letters in Chromium and Firefox', async () => {
  const chromium = await gradesIn('chromium');
  const firefox = await gradesIn('firefox');
  for (const shop of demoShops()) {
    assert.ok(chromium[shop.shop].grade, `${shop.shop} was judged in Chromium: ${JSON.stringify(chromium[shop.shop])}`);
    if (shop.expectedGrade) assert.equal(firefox[shop.shop].grade, shop.expectedGrade, `${shop.shop} in Firefox`);
  }
  assert.deepEqual(firefox, chromium);
});
