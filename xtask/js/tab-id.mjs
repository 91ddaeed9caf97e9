// The extension's id of a tab the driver opened, for both browsers: neither Playwright nor
// puppeteer tells it, so the page's title is set to a unique marker for a moment and the
// extension finds the tab by that title. Shared by chromium.mjs and firefox.mjs.

/**
 * `page`: a Playwright or puppeteer page (both have `title()` and `evaluate(fn, arg)`).
 * `inExtension(fn, arg)`: runs `fn(arg)` where the WebExtension APIs are (Chromium's
 * service worker, Firefox's extension page) and returns its result.
 */
export async function tabIdByTitle(page, inExtension) {
  const marker = `shoptrust-tab-${Math.random().toString(36).slice(2)}`;
  const oldTitle = await page.title();
  await page.evaluate((m) => { document.title = m; }, marker);
  try {
    const id = await inExtension(async (m) => {
      for (let i = 0; i < 50; i++) {
        const tabs = await chrome.tabs.query({ title: m });
        if (tabs.length) return tabs[0].id;
        await new Promise((r) => setTimeout(r, 50));
      }
      return null;
    }, marker);
    if (id == null) throw new Error('could not find the tab id of the page');
    return id;
  } finally {
    await page.evaluate((t) => { document.title = t; }, oldTitle).catch(() => {});
  }
}
