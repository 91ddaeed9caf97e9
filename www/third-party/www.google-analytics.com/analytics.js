/* ShopTrust demo stub standing in for https://www.google-analytics.com/analytics.js — not
   Google's code. In spirit it does what the real tag does: it gives the browser a client id
   in the first-party cookie _ga (plus the per-property _ga_DEMO), and reports each page view
   with the page address and title to https://www.google-analytics.com/g/collect. */
(function () {
  'use strict';
  var TWO_YEARS = 63072000;

  function readCookie(name) {
    var match = document.cookie.match(new RegExp('(?:^|;\\s*)' + name + '=([^;]*)'));
    return match ? match[1] : null;
  }
  // cookieDomain 'auto': the widest domain the browser accepts (the registrable domain).
  function writeCookie(name, value, maxAge) {
    var labels = location.hostname.split('.');
    for (var i = labels.length - 1; i >= 0; i--) {
      var domain = labels.slice(i).join('.');
      document.cookie = name + '=' + value + '; path=/; domain=' + domain + '; max-age=' + maxAge + '; SameSite=Lax';
      if (readCookie(name) === value) return;
    }
    document.cookie = name + '=' + value + '; path=/; max-age=' + maxAge + '; SameSite=Lax';
  }
  function random() { return String(Math.floor(Math.random() * 2147483647)); }

  var now = Math.floor(Date.now() / 1000);
  var ga = readCookie('_ga');
  if (!ga) {
    ga = 'GA1.1.' + random() + '.' + now;
    writeCookie('_ga', ga, TWO_YEARS);
  }
  var clientId = ga.split('.').slice(2).join('.');
  writeCookie('_ga_DEMO', 'GS1.1.' + now + '.1.0.' + now + '.0.0.0', TWO_YEARS);

  var trackers = {};
  function collect(tid, gtm, event) {
    var params = {
      v: '2',
      tid: tid,
      gtm: gtm || '',
      _p: random(),
      cid: clientId,
      ul: (navigator.language || '').toLowerCase(),
      sr: screen.width + 'x' + screen.height,
      sid: String(now),
      sct: '1',
      seg: '0',
      dl: location.href,
      dr: document.referrer,
      dt: document.title,
      en: event,
    };
    var query = Object.keys(params).map(function (k) {
      return k + '=' + encodeURIComponent(params[k]);
    }).join('&');
    fetch('https://www.google-analytics.com/g/collect?' + query, {
      mode: 'no-cors',
      credentials: 'include',
      keepalive: true,
    }).catch(function () {});
  }
  function command(name) {
    var args = Array.prototype.slice.call(arguments, 1);
    if (name === 'create') {
      var options = args[2] && typeof args[2] === 'object' ? args[2] : {};
      trackers.t0 = { tid: args[0], gtm: options.gtm };
    } else if (name === 'send' && trackers.t0) {
      collect(trackers.t0.tid, trackers.t0.gtm, args[0] === 'pageview' ? 'page_view' : String(args[0]));
    }
  }

  var queued = (window.ga && window.ga.q) || [];
  window.ga = function () { command.apply(null, arguments); };
  window.ga.loaded = true;
  queued.forEach(function (args) { command.apply(null, args); });
})();
