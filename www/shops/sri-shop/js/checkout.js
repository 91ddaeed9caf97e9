// Fjordlys checkout: formats the card number as it is typed and checks it with the
// validator before the form is sent to our own server (which hands it to the acquirer).
(function () {
  'use strict';
  var form = document.getElementById('checkout-form');
  var number = document.getElementById('card-number');
  var hint = document.getElementById('card-hint');
  if (!form || !number) return;
  number.addEventListener('input', function () {
    var digits = number.value.replace(/\D/g, '').slice(0, 19);
    number.value = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
    var check = window.cardValidator ? window.cardValidator.number(digits) : null;
    hint.textContent = check && digits.length >= 12 ? (check.isValid ? check.card.type : 'Check the number') : '';
  });
  form.addEventListener('submit', function (e) {
    var check = window.cardValidator ? window.cardValidator.number(number.value) : { isValid: true };
    if (!check.isValid) { e.preventDefault(); hint.textContent = 'Check the number'; }
  });
})();
