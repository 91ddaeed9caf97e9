// Bottega del Caffè: cookies-eu-banner 3.0.0 (npm "cookies-eu-banner"), opt-in: Google
// Analytics only after "Accetta".
window.CookiesEuBanner.createCookiesBanner({
  onAccept: function () { window.demoTags.analytics('GTM-CAFFE'); },
});
