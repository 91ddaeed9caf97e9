// Harbour & Pine Outfitters: the marketing tags, as each vendor's set-up guide asks for them.
// The vendors' usual inline snippets live in this file so the shop's CSP needs no
// 'unsafe-inline'. Each snippet queues its calls and loads the vendor's script.
(function () {
  'use strict';
  var page = document.documentElement.getAttribute('data-page') || 'other'; // product | cart | checkout
  var product = { id: 'HP-TWJ-OLV', name: 'Tidewater Waxed Jacket', price: 189, currency: 'EUR' };

  function load(src) {
    var script = document.createElement('script');
    script.async = true;
    script.src = src;
    document.head.appendChild(script);
  }

  // Google Tag Manager (its container loads Google Analytics).
  window.dataLayer = window.dataLayer || [];
  window.dataLayer.push({ 'gtm.start': Date.now(), event: 'gtm.js' });
  window.dataLayer.push({ event: 'page_type', page_type: page });
  load('https://www.googletagmanager.com/gtm.js?id=GTM-DEMO');

  // Meta pixel.
  var fbq = (window.fbq = window._fbq = function () {
    if (fbq.callMethod) fbq.callMethod.apply(fbq, arguments);
    else fbq.queue.push(arguments);
  });
  fbq.push = fbq;
  fbq.loaded = true;
  fbq.version = '2.0';
  fbq.queue = [];
  fbq('init', '123');
  fbq('track', 'PageView');
  if (page === 'product') fbq('track', 'ViewContent', { content_ids: [product.id], value: product.price, currency: product.currency });
  if (page === 'checkout') fbq('track', 'InitiateCheckout', { value: 218, currency: 'EUR', num_items: 2 });
  load('https://connect.facebook.net/en_US/fbevents.js');

  // TikTok pixel.
  var ttq = (window.ttq = window.ttq || []);
  ['page', 'track', 'identify'].forEach(function (method) {
    ttq[method] = function () { ttq.push([method].concat(Array.prototype.slice.call(arguments))); };
  });
  ttq.page();
  if (page === 'checkout') ttq.track('InitiateCheckout', { value: 218, currency: 'EUR' });
  load('https://analytics.tiktok.com/i18n/pixel/events.js?sdkid=CDEMO4TRACKERSHOP&lib=ttq');

  // Criteo.
  window.Criteo = window.Criteo || {};
  window.Criteo.events = window.Criteo.events || [];
  window.Criteo.events.push(
    { event: 'setAccount', account: 57104 },
    page === 'product' ? { event: 'viewItem', item: product.id } : { event: page === 'checkout' ? 'viewBasket' : 'viewPage' },
  );
  load('https://static.criteo.net/js/ld/publishertag.js');

  // Hotjar (heatmaps and session recordings).
  window.hj = window.hj || function () { (window.hj.q = window.hj.q || []).push(arguments); };
  window._hjSettings = { hjid: 3141592, hjsv: 6 };
  load('https://static.hotjar.com/c/hotjar-' + window._hjSettings.hjid + '.js?sv=' + window._hjSettings.hjsv);

  // On product pages only: the LinkedIn Insight Tag (B2B retargeting), Microsoft Advertising's
  // UET tag, and Segment (the analytics pipeline that forwards page views to other tools).
  if (page === 'product') {
    window.uetq = window.uetq || [];
    load('https://bat.bing.com/bat.js');
    window._linkedin_partner_id = '4242424';
    load('https://snap.licdn.com/li.lms-analytics/insight.min.js');
    window.analytics = window.analytics || [];
    load('https://cdn.segment.com/analytics.js/v1/HPDEMOWRITEKEY/analytics.min.js');
  }
})();
