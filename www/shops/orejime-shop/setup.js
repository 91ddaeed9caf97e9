// Holzwerkstatt Eichenhain: its consent banner is Orejime 3.2.1 (npm "orejime"), the German
// standard build: "Akzeptieren", "Ablehnen" and "Konfigurieren" on the first layer; analytics
// only after consent.
window.orejimeConfig = {
  privacyPolicyUrl: '/',
  purposes: [
    {
      id: 'analytics', title: 'Google Analytics', description: 'Besucherstatistik',
      cookies: [/^_ga/],
    },
  ],
  callback: function (consent) {
    if (consent && consent.analytics) window.demoTags.analytics('GTM-EICHE');
  },
};
