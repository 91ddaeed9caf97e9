// Teehaus Bergblick: Warenkorb-Zähler im Kopf.
(function () {
  'use strict';
  var n = document.getElementById('korb-anzahl');
  if (n) n.textContent = String(Number(localStorage.getItem('bergblick-korb') || 2));
})();
