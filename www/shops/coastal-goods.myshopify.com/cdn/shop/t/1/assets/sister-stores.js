/* Coastal Goods' "sister stores" widget, embedded by its sister shop Alpine Gear.
   Harmless: it fills in the promo card's caption. It reads nothing and sends nothing. */
(function () {
  'use strict';
  var card = document.querySelector('[data-sister-store="coastal-goods"]');
  if (!card) return;
  var caption = card.querySelector('[data-sister-caption]');
  if (caption) caption.textContent = 'Driftwood lanterns, beach towels and sea-salt candles from Cornwall.';
  card.setAttribute('data-sister-loaded', 'true');
})();
