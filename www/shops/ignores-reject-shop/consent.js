// Copper Kettle Kitchenware: its consent banner, built with vanilla-cookieconsent 3 (npm, from jsDelivr).
// The banner is fair and nothing tracks before the answer, but the tags load after any answer: a reject is ignored.
CookieConsent.run({
  hideFromBots: false, // the demo is browsed by automated Chromium; real shops keep the default
  guiOptions: { consentModal: { layout: 'box', position: 'bottom right' } },
  categories: {
    necessary: { enabled: true, readOnly: true },
    analytics: {},
    marketing: {},
  },
  onConsent: function () {
    // Wrong on purpose: the tags load after ANY answer, reject included.
    demoTags.analytics('GTM-COPPER');
    demoTags.metaPixel('1004');
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We use cookies',
          description: 'We use cookies to run the shop, to measure visits and to show you relevant ads.',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          showPreferencesBtn: 'Manage preferences',
        },
        preferencesModal: {
          title: 'Cookie preferences',
          acceptAllBtn: 'Accept all',
          acceptNecessaryBtn: 'Reject all',
          savePreferencesBtn: 'Save preferences',
          closeIconLabel: 'Close',
          sections: [
            { title: 'Strictly necessary', description: 'The basket and checkout.', linkedCategory: 'necessary' },
            { title: 'Analytics', description: 'Google Analytics counts visits.', linkedCategory: 'analytics' },
            { title: 'Marketing', description: 'The Meta pixel measures our ads.', linkedCategory: 'marketing' },
          ],
        },
      },
    },
  },
});
