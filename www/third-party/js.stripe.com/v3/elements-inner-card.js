/* ShopTrust demo stub: formats what is typed into the card element. Sends nothing. */
(function () {
  'use strict';
  var number = document.querySelector('input[name="cardnumber"]');
  var exp = document.querySelector('input[name="exp-date"]');
  var cvc = document.querySelector('input[name="cvc"]');
  function digits(value, max) { return value.replace(/\D/g, '').slice(0, max); }
  number.addEventListener('input', function () {
    var d = digits(number.value, 19);
    number.value = d.replace(/(\d{4})(?=\d)/g, '$1 ');
  });
  exp.addEventListener('input', function () {
    var d = digits(exp.value, 4);
    exp.value = d.length > 2 ? d.slice(0, 2) + ' / ' + d.slice(2) : d;
  });
  cvc.addEventListener('input', function () { cvc.value = digits(cvc.value, 4); });
})();
