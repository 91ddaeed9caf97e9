// Consent demo shops: the marketing tags as the vendors' set-up guides give them, in one
// file so the shops' CSP needs no 'unsafe-inline'. Nothing runs until a shop calls them:
// each shop decides when (before consent, after consent, or whatever the shopper said).
(function () {
  'use strict';
  function load(src) {
    var script = document.createElement('script');
    script.async = true;
    script.src = src;
    document.head.appendChild(script);
  }
  window.demoTags = {
    // Google Tag Manager; its container loads Google Analytics (sets _ga, sends /g/collect).
    analytics: function (containerId) {
      window.dataLayer = window.dataLayer || [];
      window.dataLayer.push({ 'gtm.start': Date.now(), event: 'gtm.js' });
      load('https://www.googletagmanager.com/gtm.js?id=' + containerId);
    },
    // Meta pixel (sets _fbp, sends www.facebook.com/tr).
    metaPixel: function (pixelId, event) {
      var fbq = window.fbq;
      if (!fbq) {
        fbq = window.fbq = window._fbq = function () {
          if (fbq.callMethod) fbq.callMethod.apply(fbq, arguments);
          else fbq.queue.push(arguments);
        };
        fbq.push = fbq;
        fbq.loaded = true;
        fbq.version = '2.0';
        fbq.queue = [];
        fbq('init', pixelId);
        load('https://connect.facebook.net/en_US/fbevents.js');
      }
      fbq('track', event || 'PageView');
    },
  };
})();
