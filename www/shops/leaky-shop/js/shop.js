// Sunny Side Toys: header bag count and the card-number formatter.
(function () {
  'use strict';
  var count = document.getElementById('bag-count');
  if (count) count.textContent = String(Number(localStorage.getItem('sunny-bag') || 3));
  var number = document.getElementById('cc-number');
  if (number) number.addEventListener('input', function () {
    number.value = number.value.replace(/\D/g, '').slice(0, 19).replace(/(\d{4})(?=\d)/g, '$1 ');
  });
})();
