// Every demo shop's report, as the extension makes it in Chromium, must not contradict
// itself: letter, headline, "Can I pay here?" line and concern lines agree (the core's
// grade::contradictions, the same check the calibration suite runs on every profile).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { useRig, findingIds } from './rig.mjs';
import { loadCore } from '../../xtask/js/wasm-node.mjs';
import { ROOT } from '../../xtask/js/chromium.mjs';

const rig = useRig();
const core = loadCore(ROOT);
const shops = JSON.parse(readFileSync(new URL('../../www/shops/demo.json', import.meta.url), 'utf8'));

test('no demo shop report contradicts itself', async () => {
  for (const shop of shops) {
    const { page, report } = await rig.openJudged(shop.url);
    assert.equal(report.status, 'judged', `${shop.shop}: ${report.unknownReasonKey}`);
    const problems = JSON.parse(core.reportContradictions(JSON.stringify(report)));
    assert.deepEqual(problems, [], `${shop.shop} (${report.grade}; ${findingIds(report).join()})`);
    assert.equal(report.verdictKey, report.headline.key, shop.shop);
    assert.ok(report.payLine?.key, `${shop.shop}: no pay line`);
    if (!report.payment) assert.match(report.payLine.key, /^payline_no_card/, shop.shop);
    await page.close();
  }
});

test('the check itself catches a contradiction', () => {
  const forged = { schemaVersion: 1, status: 'judged', url: 'https://a.test/', grade: 'A', score: 95, verdictKey: 'headline_danger_card',
    headline: { key: 'headline_danger_card', subs: [] }, payLine: { key: 'payline_no_card', subs: [] }, unknownReasonKey: null,
    unknownDetail: null, concerns: [], findings: [], topTips: [], caveats: [] };
  assert.ok(JSON.parse(core.reportContradictions(JSON.stringify(forged))).length > 0);
});
