// Lindenhof Books: its consent banner, built with Klaro 0.7 (npm, from kiprotect's CDN).
// Klaro's notice offers "That's ok", "I decline" and "Let me choose"; tags wait for consent.
window.klaroConfig = {
  version: 1,
  elementID: 'klaro',
  storageMethod: 'cookie',
  cookieName: 'klaro',
  default: false,
  mustConsent: false,
  acceptAll: true,
  hideDeclineAll: false,
  lang: 'en',
  services: [
    { name: 'google-analytics', title: 'Google Analytics', purposes: ['analytics'], cookies: [/^_ga/] },
    {
      name: 'meta-pixel', title: 'Meta pixel', purposes: ['marketing'], cookies: ['_fbp'],
      callback: function (consent) { if (consent) window.demoTags.metaPixel('1005'); },
    },
  ],
};
