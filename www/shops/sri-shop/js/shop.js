// Fjordlys: cart count in the header, kept in localStorage.
(function () {
  'use strict';
  var count = document.getElementById('bag-count');
  if (count) count.textContent = String(Number(localStorage.getItem('fjordlys-bag') || 2));
})();
