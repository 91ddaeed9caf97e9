/* ShopTrust demo stub standing in for https://www.googletagmanager.com/gtm.js — not Google's code.
   Like a real Tag Manager container it reads the page's dataLayer and loads the tags the
   container holds; this container holds one: Google Analytics (analytics.js). */
(function () {
  'use strict';
  var script = document.currentScript;
  var id = (script && /[?&]id=([^&]+)/.exec(script.src) || [])[1] || 'GTM-DEMO';
  var dataLayer = (window.dataLayer = window.dataLayer || []);
  window.google_tag_manager = window.google_tag_manager || {};
  window.google_tag_manager[id] = { dataLayer: { name: 'dataLayer' }, loaded: Date.now() };

  // The Google Analytics tag of this container.
  window.GoogleAnalyticsObject = 'ga';
  window.ga = window.ga || function () { (window.ga.q = window.ga.q || []).push(arguments); };
  window.ga.l = Date.now();
  window.ga('create', 'G-DEMO', 'auto', { gtm: id });
  window.ga('send', 'pageview');
  var tag = document.createElement('script');
  tag.async = true;
  tag.src = 'https://www.google-analytics.com/analytics.js';
  (document.head || document.documentElement).appendChild(tag);

  dataLayer.push({ event: 'gtm.load', 'gtm.uniqueEventId': dataLayer.length });
})();
