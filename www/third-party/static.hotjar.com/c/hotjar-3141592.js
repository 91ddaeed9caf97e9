/* ShopTrust demo stub standing in for Hotjar's tracking code
   (https://static.hotjar.com/c/hotjar-<site id>.js) — not Hotjar's code. The real script
   records clicks, scrolling, mouse movement and typing for session replay and streams it
   to Hotjar. This stub only sets Hotjar's first-party cookies (_hjSessionUser_<id>,
   _hjSession_<id>) and counts interaction events in memory: it reads no field values and
   opens no connection. */
(function () {
  'use strict';
  var settings = window._hjSettings || { hjid: 3141592, hjsv: 6 };
  var id = String(settings.hjid);

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
  function uuid() {
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) {
      var r = Math.floor(Math.random() * 16);
      return (c === 'x' ? r : (r & 3) | 8).toString(16);
    });
  }
  function encode(object) { return encodeURIComponent(btoa(JSON.stringify(object))); }

  var now = Date.now();
  if (!readCookie('_hjSessionUser_' + id)) {
    writeCookie('_hjSessionUser_' + id, encode({ id: uuid(), created: now, existing: false }), 31536000);
  }
  writeCookie('_hjSession_' + id, encode({ id: uuid(), c: now, s: 0, r: 0, sb: 0, sr: 0, se: 0, fs: 1 }), 1800);

  // What a recorder listens to. Here: counted, never read, never sent.
  var counts = { click: 0, mousemove: 0, scroll: 0, keydown: 0, input: 0 };
  Object.keys(counts).forEach(function (type) {
    window.addEventListener(type, function () { counts[type] += 1; }, { capture: true, passive: true });
  });

  var hj = window.hj;
  var queued = (hj && hj.q) || [];
  window.hj = function () {};
  window.hj.q = [];
  window.hjSiteSettings = { site_id: Number(id), record: true, heatmaps: true, demo_counts: counts };
  queued.length = 0;
})();
