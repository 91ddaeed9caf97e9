/* ShopTrust demo stub standing in for https://connect.facebook.net/en_US/fbevents.js — not
   Meta's code. In spirit it does what the Meta pixel does: it gives the browser an id in the
   first-party cookie _fbp and reports every fbq('track', ...) event, with the page address,
   as an image request to https://www.facebook.com/tr. */
(function () {
  'use strict';
  var NINETY_DAYS = 7776000;

  function readCookie(name) {
    var match = document.cookie.match(new RegExp('(?:^|;\\s*)' + name + '=([^;]*)'));
    return match ? match[1] : null;
  }
  function writeCookie(name, value, maxAge) {
    var labels = location.hostname.split('.');
    for (var i = labels.length - 1; i >= 0; i--) {
      var domain = labels.slice(i).join('.');
      document.cookie = name + '=' + value + '; path=/; domain=' + domain + '; max-age=' + maxAge + '; SameSite=Lax; Secure';
      if (readCookie(name) === value) return;
    }
    document.cookie = name + '=' + value + '; path=/; max-age=' + maxAge + '; SameSite=Lax; Secure';
  }

  var fbp = readCookie('_fbp');
  if (!fbp) {
    fbp = 'fb.1.' + Date.now() + '.' + Math.floor(Math.random() * 2147483647);
    writeCookie('_fbp', fbp, NINETY_DAYS);
  }

  var pixels = [];
  function send(pixelId, event, data) {
    var params = {
      id: pixelId,
      ev: event,
      dl: location.href,
      rl: document.referrer,
      if: 'false',
      ts: String(Date.now()),
      cd: data ? JSON.stringify(data) : '',
      sw: String(screen.width),
      sh: String(screen.height),
      v: '2.9.0-demo',
      r: 'stable',
      fbp: fbp,
    };
    var query = Object.keys(params).map(function (k) {
      return k + '=' + encodeURIComponent(params[k]);
    }).join('&');
    var img = new Image(1, 1);
    img.src = 'https://www.facebook.com/tr?' + query;
  }
  function command(name, a, b) {
    if (name === 'init') pixels.push(String(a));
    else if (name === 'track' || name === 'trackCustom') pixels.forEach(function (id) { send(id, a, b); });
  }

  var fbq = window.fbq;
  var queued = (fbq && fbq.queue) || [];
  var real = function () {
    command.apply(null, arguments);
  };
  if (fbq) fbq.callMethod = real;
  else window.fbq = window._fbq = real;
  window.fbq.loaded = true;
  window.fbq.version = '2.0';
  queued.forEach(function (args) { command.apply(null, args); });
  queued.length = 0;
})();
