// Cartoleria Fenice: cookie-consent-js 2.1.12 (npm "cookie-consent-js") in Italian, with
// blockAccess: a modal over the page until the shopper chooses "Accettare tutti i cookie" or
// "Accettare solo i cookie tecnicamente necessari". Analytics only after "tutti".
window.cookieConsent = new CookieConsent({
  contentUrl: 'https://cdn.jsdelivr.net/npm/cookie-consent-js@2.1.12/cookie-consent-content',
  privacyPolicyUrl: '/',
  lang: 'it',
  blockAccess: true,
  postSelectionCallback: function () {
    if (window.cookieConsent.trackingAllowed()) window.demoTags.analytics('GTM-FENICE');
  },
});
