// Trackers by the names shoppers know, on the tracker demo shop's product page (Google Tag
// Manager and Analytics, Meta, TikTok, Criteo, Hotjar, OneTrust, the LinkedIn Insight Tag and
// Segment): `scan --json` and the popup name each product (TrackerDB's pattern name) and its
// owner where they differ, grouped by owner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRig } from './rig.mjs';
import { openPopup, badgeOf } from '../../xtask/js/chromium.mjs';
import { publicReport } from '../../xtask/js/scan.mjs';

const rig = useRig();

test('scan --json: products with their owners, grouped by owner', async () => {
  const { page, tabId, report } = await rig.openJudged('https://tracker-shop.test/');
  const json = publicReport(page.url(), report, await badgeOf(rig.browser.ctx, tabId));
  const byOwner = Object.fromEntries(json.trackers.map((t) => [t.owner, t]));
  const seen = JSON.stringify(json.trackers.map((t) => t.label));
  // Microsoft owns LinkedIn (the Insight Tag's script is LinkedIn Analytics, its pixel LinkedIn
  // Ads) and Microsoft Advertising (the UET tag): one entry, each product named.
  assert.deepEqual([...byOwner.Microsoft.products].sort(), ['LinkedIn Ads', 'LinkedIn Analytics', 'Microsoft Advertising'], seen);
  assert.match(byOwner.Microsoft.label, /^(LinkedIn Ads|LinkedIn Analytics|Microsoft Advertising)(, (LinkedIn Ads|LinkedIn Analytics|Microsoft Advertising)){2} \(Microsoft\)$/);
  assert.deepEqual([...byOwner.Microsoft.categories].sort(), ['advertising', 'site_analytics']);
  assert.equal(byOwner.Twilio?.label, 'Segment (Twilio)', seen);
  // One owner, several products, across categories: one entry.
  assert.ok(byOwner.Google.products.includes('Google Analytics') && byOwner.Google.products.includes('Google Tag Manager'), seen);
  assert.equal(json.trackers.filter((t) => t.owner === 'Google').length, 1);
  // Named as its owner is: the owner alone.
  assert.equal(byOwner.Hotjar?.label, 'Hotjar', seen);
  assert.deepEqual(byOwner.Hotjar.products, []);
  assert.equal(byOwner.Twilio.countsAgainstGrade, true);
  await page.close();
});

test('popup: a product under its own name with its owner, several products listed under the owner', async () => {
  const { page, tabId } = await rig.openJudged('https://tracker-shop.test/');
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  const entries = await popup.$$eval('.tracker-company', (els) => els.map((e) => ({
    owner: e.dataset.name,
    category: e.dataset.category,
    title: e.querySelector('.tracker-name').textContent,
    ownerLine: e.querySelector('.tracker-owner')?.textContent ?? null,
    products: [...e.querySelectorAll('.tracker-products li')].map((li) => li.textContent),
  })));
  const find = (owner, category) => entries.find((e) => e.owner === owner && e.category === category);
  const seen = JSON.stringify(entries);
  assert.deepEqual(find('Twilio', 'site_analytics'), { owner: 'Twilio', category: 'site_analytics', title: 'Segment', ownerLine: 'Twilio', products: [] }, seen);
  assert.deepEqual(find('Microsoft', 'site_analytics'), { owner: 'Microsoft', category: 'site_analytics', title: 'LinkedIn Analytics', ownerLine: 'Microsoft', products: [] }, seen);
  assert.deepEqual(find('Hotjar', 'session_replay'), { owner: 'Hotjar', category: 'session_replay', title: 'Hotjar', ownerLine: null, products: [] }, seen);
  // Two of Microsoft's products in advertising: the owner as the title, then the list.
  const ads = find('Microsoft', 'advertising');
  assert.equal(ads?.title, 'Microsoft', seen);
  assert.equal(ads.ownerLine, null, seen);
  assert.deepEqual([...ads.products].sort(), ['LinkedIn Ads', 'Microsoft Advertising'], seen);
  await popup.close();
  await page.close();
});
