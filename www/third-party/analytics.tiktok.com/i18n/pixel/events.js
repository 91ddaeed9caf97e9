/* ShopTrust demo stub standing in for https://analytics.tiktok.com/i18n/pixel/events.js —
   not TikTok's code. In spirit it does what the TikTok pixel does: it gives the browser an
   id in the first-party cookie _ttp and reports page views and events, with the page
   address, to https://analytics.tiktok.com/api/v2/pixel. */
(function () {
  'use strict';
  var THIRTEEN_MONTHS = 34190000;

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
  function randomId(length) {
    var chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    var out = '';
    for (var i = 0; i < length; i++) out += chars.charAt(Math.floor(Math.random() * chars.length));
    return out;
  }

  var script = document.currentScript;
  var sdkid = (script && /[?&]sdkid=([^&]+)/.exec(script.src) || [])[1] || 'CDEMO00000000';
  writeCookie('_tt_enable_cookie', '1', THIRTEEN_MONTHS);
  var ttp = readCookie('_ttp');
  if (!ttp) {
    ttp = randomId(27);
    writeCookie('_ttp', ttp, THIRTEEN_MONTHS);
  }

  function send(event, properties) {
    var params = {
      sdkid: sdkid,
      event: event,
      ttp: ttp,
      url: location.href,
      referrer: document.referrer,
      ts: String(Date.now()),
      properties: properties ? JSON.stringify(properties) : '',
      lib: 'ttq',
      v: 'demo',
    };
    var query = Object.keys(params).map(function (k) {
      return k + '=' + encodeURIComponent(params[k]);
    }).join('&');
    var img = new Image(1, 1);
    img.src = 'https://analytics.tiktok.com/api/v2/pixel?' + query;
  }
  function command(name, a, b) {
    if (name === 'page') send('Pageview');
    else if (name === 'track') send(String(a), b);
  }

  var ttq = (window.ttq = window.ttq || []);
  var queued = ttq.slice();
  ttq.length = 0;
  ['page', 'track', 'identify'].forEach(function (method) {
    ttq[method] = function () {
      command.apply(null, [method].concat(Array.prototype.slice.call(arguments)));
    };
  });
  ttq.push = function (args) { command.apply(null, args); return 0; };
  ttq.loaded = true;
  queued.forEach(function (args) { command.apply(null, args); });
})();
