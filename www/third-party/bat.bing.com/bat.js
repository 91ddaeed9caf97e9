/* ShopTrust demo stub standing in for Microsoft Advertising's UET tag (https://bat.bing.com/bat.js)
   — not Microsoft's code. The real tag reports page views and conversions for ad targeting; this
   stub only empties the page's uetq queue and sends nothing. */
(function () {
  'use strict';
  window.uetq = [];
})();
