// Ironbark Kitchen: basket count in the header.
(function () {
  'use strict';
  var n = document.getElementById('basket-count');
  if (n) n.textContent = String(Number(localStorage.getItem('copper-basket') || 1));
})();
