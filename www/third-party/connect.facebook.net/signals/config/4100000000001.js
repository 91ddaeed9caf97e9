/* ShopTrust demo stub of a pixel's "automatic advanced matching": it reads the e-mail and
   phone fields when they change and sends their SHA-256 (normalised the way the platform
   documents it) with a PageView, before any submit. Served only by the loopback demo server. */
(function () {
  'use strict';
  function hex(buffer) { return Array.prototype.map.call(new Uint8Array(buffer), function (b) { return ('0' + b.toString(16)).slice(-2); }).join(''); }
  function sha256(text) { return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)).then(hex); }
  var email = document.querySelector('input[type="email"]');
  var phone = document.querySelector('input[type="tel"]');
  function send() {
    var em = (email && email.value || '').trim().toLowerCase();
    var ph = (phone && phone.value || '').replace(/\D/g, '');
    if (!/@/.test(em)) return;
    Promise.all([sha256(em), ph.length >= 7 ? sha256(ph) : Promise.resolve('')]).then(function (h) {
      var url = 'https://www.facebook.com/tr/?id=4100000000001&ev=PageView&ud[em]=' + h[0] + (h[1] ? '&ud[ph]=' + h[1] : '');
      new Image().src = url;
    });
  }
  [email, phone].forEach(function (f) { if (f) f.addEventListener('change', send); });
})();
