// The Firefox rig (see ../../../shared/design.md, "Firefox"): the demo server answering
// every host on loopback over real TLS, and Debian's headless Firefox ESR with the built
// Firefox package installed and every host sent to that server. `useFirefoxRig()` starts
// both before the file's tests and stops them after; read `rig.server` / `rig.firefox`.
import { before, after } from 'node:test';
import { startDemoServer } from '../../www/serve.mjs';
import { launchFirefoxWithExtension } from '../../xtask/js/firefox.mjs';

/** How long the background page may idle before Firefox suspends it (default 30 s):
 *  short, so the suite also runs across background restarts. */
export const BACKGROUND_IDLE_MS = 3000;

export function useFirefoxRig() {
  const rig = {
    server: null,
    firefox: null,
    /** A new tab loaded with `url`: `{ page, tabId }`. */
    async open(url) {
      const page = await rig.firefox.newPage();
      await page.goto(url, { waitUntil: 'load' });
      return { page, tabId: await rig.firefox.tabIdOf(page) };
    },
    /** `open`, then the tab's report once it has settled: `{ page, tabId, report }`. */
    async openJudged(url) {
      const { page, tabId } = await rig.open(url);
      return { page, tabId, report: await rig.firefox.settledReport(tabId, { url: page.url() }) };
    },
  };
  before(async () => {
    rig.server = await startDemoServer();
    rig.firefox = await launchFirefoxWithExtension({
      resolveAllTo: `127.0.0.1:${rig.server.port}`,
      ignoreCertErrors: true,
      backgroundIdleMs: BACKGROUND_IDLE_MS,
    });
  });
  after(async () => {
    await rig.firefox?.close();
    await rig.server?.close();
  });
  return rig;
}

/** The ids of a report's findings, in order. */
export const findingIds = (report) => report.findings.map((f) => f.id);
