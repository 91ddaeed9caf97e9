// Kestrel Outdoor: its consent banner, built with vanilla-cookieconsent 3 (npm, from jsDelivr).
// Accept-only first layer: 'Reject all' is only in 'Manage preferences'. Tags wait for consent.
CookieConsent.run({
  hideFromBots: false, // the demo is browsed by automated Chromium; real shops keep the default
  guiOptions: { consentModal: { layout: 'box', position: 'bottom right' } },
  categories: {
    necessary: { enabled: true, readOnly: true },
    analytics: {},
    marketing: {},
  },
  onConsent: function () {
    // Tags only for what the shopper allowed.
    if (CookieConsent.acceptedCategory('marketing')) demoTags.metaPixel('1002');
  },
  language: {
    default: 'en',
    translations: {
      en: {
        consentModal: {
          title: 'We use cookies',
          description: 'We use cookies to run the shop, to measure visits and to show you relevant ads.',
          acceptAllBtn: 'Accept all',
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
