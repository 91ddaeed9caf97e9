// Fahrradladen Speiche: Porsche's open-source cookie-consent-banner 4.1.0 (npm
// "@porscheofficial/cookie-consent-banner"), a web component that draws in its shadow root.
// Analytics only after consent to "analytics".
(function () {
  'use strict';
  var banner = document.querySelector('cookie-consent-banner');
  banner.availableCategories = [
    { key: 'technically_required', label: 'Technisch notwendige Cookies', description: 'Warenkorb und Anmeldung.', isMandatory: true },
    { key: 'analytics', label: 'Statistik-Cookies', description: 'Google Analytics.' },
  ];
  window.addEventListener('cookie_consent_preferences_updated', function (event) {
    var categories = (event.detail && event.detail.acceptedCategories) || [];
    if (categories.indexOf('analytics') >= 0) window.demoTags.analytics('GTM-SPEICHE');
  });
})();
