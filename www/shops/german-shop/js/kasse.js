// Teehaus Bergblick: Kartennummer in Vierergruppen anzeigen, Ablaufdatum als MM/JJ.
(function () {
  'use strict';
  var nummer = document.getElementById('kk-nr');
  var ablauf = document.getElementById('kk-ablauf');
  if (nummer) nummer.addEventListener('input', function () {
    nummer.value = nummer.value.replace(/\D/g, '').slice(0, 19).replace(/(\d{4})(?=\d)/g, '$1 ');
  });
  if (ablauf) ablauf.addEventListener('input', function () {
    var d = ablauf.value.replace(/\D/g, '').slice(0, 4);
    ablauf.value = d.length > 2 ? d.slice(0, 2) + '/' + d.slice(2) : d;
  });
})();
