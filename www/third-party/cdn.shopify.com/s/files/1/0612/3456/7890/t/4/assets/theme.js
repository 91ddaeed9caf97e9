/* ShopTrust demo stub of a Shopify theme script on the platform CDN (cdn.shopify.com) — not
   Shopify's code. It switches the product image when a thumbnail is clicked and steps the
   quantity box. No network, no storage. */
(function () {
  'use strict';
  var hero = document.querySelector('[data-product-hero]');
  document.querySelectorAll('[data-product-thumb]').forEach(function (thumb) {
    thumb.addEventListener('click', function () {
      if (hero) hero.src = thumb.src;
    });
  });
  document.querySelectorAll('[data-qty]').forEach(function (box) {
    var input = box.querySelector('input');
    box.querySelectorAll('[data-step]').forEach(function (button) {
      button.addEventListener('click', function () {
        var next = Number(input.value || 1) + Number(button.getAttribute('data-step'));
        input.value = String(Math.min(Number(input.max || 99), Math.max(Number(input.min || 1), next)));
      });
    });
  });
})();
