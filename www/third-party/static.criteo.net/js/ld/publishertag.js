/* ShopTrust demo stub standing in for https://static.criteo.net/js/ld/publishertag.js — not
   Criteo's code. In spirit it does what Criteo's tag does: it keeps a first-party id in the
   cookie cto_bundle and matches the visitor with Criteo's user id through a user-sync
   pixel on https://dis.criteo.com/, reporting the events the page pushed. */
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
      document.cookie = name + '=' + value + '; path=/; domain=' + domain + '; max-age=' + maxAge + '; SameSite=Lax';
      if (readCookie(name) === value) return;
    }
    document.cookie = name + '=' + value + '; path=/; max-age=' + maxAge + '; SameSite=Lax';
  }

  var bundle = readCookie('cto_bundle');
  if (!bundle) {
    bundle = Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
    writeCookie('cto_bundle', bundle, THIRTEEN_MONTHS);
  }

  var Criteo = (window.Criteo = window.Criteo || {});
  var queued = Criteo.events || [];
  var account = '0';
  var seen = [];
  function handle(event) {
    if (typeof event === 'function') return event();
    if (!event || typeof event !== 'object') return;
    if (event.event === 'setAccount') account = String(event.account);
    else seen.push(event.event + (event.item ? ':' + event.item : ''));
  }
  Criteo.events = { push: function () { Array.prototype.forEach.call(arguments, handle); } };
  Criteo.loaded = true;
  queued.forEach(handle);

  var params = {
    r: '7',
    p: account,
    cp: 'publishertag',
    cb: String(Math.floor(Math.random() * 1e9)),
    b: bundle,
    ev: seen.join(','),
    u: location.href,
  };
  var query = Object.keys(params).map(function (k) {
    return k + '=' + encodeURIComponent(params[k]);
  }).join('&');
  var img = new Image(1, 1);
  img.src = 'https://dis.criteo.com/dis/usersync.aspx?' + query;
})();
