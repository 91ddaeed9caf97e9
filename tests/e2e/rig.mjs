// The rig every end-to-end file shares (see ../../../shared/design.md, "test rig"): the demo
// server answering every host on loopback over real TLS, and Debian's Chromium with the
// built extension loaded and all hosts resolved to that server. `useRig()` starts both
// before the file's tests and stops them after; read `rig.server` / `rig.browser` in tests.
import { before, after } from 'node:test';
import { startDemoServer } from '../../www/serve.mjs';
import { launchWithExtension } from '../../xtask/js/chromium.mjs';

export function useRig() {
  const rig = { server: null, browser: null };
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
