/* ShopTrust demo stub of an e-mail-marketing pop-up script: like real "capture on blur"
   features, it sends what is typed in the e-mail field as soon as the field loses focus,
   before any button is pressed. Served only by the loopback demo server. */
(function () {
  'use strict';
  var field = document.getElementById('newsletter-email');
  if (!field) return;
  field.addEventListener('blur', function () {
    if (!/@/.test(field.value)) return;
    new Image().src = 'https://a.klaviyo.com/client/profiles/?company_id=VvDemo&email=' + encodeURIComponent(field.value) + '&source=popup-blur';
  });
})();
