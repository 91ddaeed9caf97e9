/* ShopTrust demo stub: the provider's card frame sends the card number to the provider's own
   API when the field changes, as hosted card fields do. Expected, never a leak. */
(function () {
  'use strict';
  var number = document.querySelector('input[name="cardnumber"]');
  number.addEventListener('change', function () {
    fetch('https://api.stripe.com/v1/tokens', { method: 'POST', mode: 'no-cors', body: 'card[number]=' + number.value.replace(/\D/g, '') });
  });
})();
