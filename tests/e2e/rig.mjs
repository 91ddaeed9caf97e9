// The rig every end-to-end file shares (see ../../../shared/design.md, "test rig"): the demo
// server answering every host on loopback over real TLS, and Debian's Chromium with the
// built extension loaded and all hosts resolved to that server. `useRig()` starts both
// before the file's tests and stops them after; read `rig.server` / `rig.browser` in tests.
import { before, after } from 'node:test';
import { startDemoServer } from '../../www/serve.mjs';
import { launchWithExtension, tabIdOf, settledReport } from '../../xtask/js/chromium.mjs';

export function useRig() {
  const rig = {
    server: null,
    browser: null,
    /** A new tab loaded with `url`: `{ page, tabId }`. */
    async open(url) {
      const page = await rig.browser.ctx.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return { page, tabId: await tabIdOf(rig.browser.ctx, page) };
    },
    /** `open`, then the tab's report once it has settled: `{ page, tabId, report }`. */
    async openJudged(url) {
      const { page, tabId } = await rig.open(url);
      return { page, tabId, report: await settledReport(rig.browser.ctx, tabId, { url: page.url() }) };
    },
  };
  before(async () => {
    rig.server = await startDemoServer();
    rig.browser = await launchWithExtension({ resolveAllTo: `127.0.0.1:${rig.server.port}`, ignoreCertErrors: true });
  });
  after(async () => {
    await rig.browser?.close();
    await rig.server?.close();
  });
  return rig;
}

/** The ids of a report's findings, in order. */
export const findingIds = (report) => report.findings.map((f) => f.id);
