// `cargo xtask scan --json` prints only JSON on stdout — the build it runs first (cargo,
// wasm-bindgen, the npm scripts) reports on stderr — so `cargo xtask scan --json URL | jq`
// always works. Runs the real command against the demo server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDemoServer } from '../../www/serve.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function run(cmd, args) {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60 * 1000 }, (error, stdout, stderr) => {
      resolve({ code: error ? error.code ?? 1 : 0, stdout, stderr });
    });
  });
}

test('cargo xtask scan --json: the whole of stdout is one JSON document, with headline and pay line', { timeout: 11 * 60 * 1000 }, async () => {
  const server = await startDemoServer();
  try {
    const urls = ['https://secure-shop.test/checkout.html', 'https://early-tracker-shop.test/'];
    const { code, stdout, stderr } = await run('cargo', ['xtask', 'scan', '--json', '--resolve-all-to', `127.0.0.1:${server.port}`, '--ignore-cert-errors', ...urls]);
    assert.equal(code, 0, stderr.slice(-2000));
    assert.match(stderr, /xtask: built /, 'the build ran and reported on stderr');
    let results;
    assert.doesNotThrow(() => { results = JSON.parse(stdout); }, `stdout is not only JSON:\n${stdout.slice(0, 500)}`);
    assert.deepEqual(results.map((r) => r.url), urls);
    for (const r of results) {
      assert.equal(r.status, 'judged', JSON.stringify(r));
      assert.ok(['A', 'B', 'C', 'D', 'F'].includes(r.grade), r.grade);
      assert.equal(typeof r.headline, 'string');
      assert.ok(r.headline.length > 0 && !r.headline.includes('_'), `headline as text: ${r.headline}`);
      assert.equal(typeof r.payLine, 'string');
      assert.equal(r.consentStillDetecting, false, `${r.url}: the consent look finished before the report was taken`);
      assert.ok(!r.caveats.some((c) => /still looking for a consent banner/.test(c.caveat)), JSON.stringify(r.caveats));
    }
    assert.match(results[0].payLine, /Stripe/);
    assert.match(results[1].payLine, /^No card form on this page/);
  } finally {
    await server.close();
  }
});
