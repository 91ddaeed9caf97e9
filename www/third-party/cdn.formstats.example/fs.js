/* ShopTrust demo stub of a form-analytics script that sends only a random visitor id and the
   name of the field that lost focus: never what was typed. */
(function () {
  'use strict';
  var id = Math.random().toString(16).slice(2, 14);
  document.addEventListener('blur', function (event) {
    if (event.target && event.target.name) navigator.sendBeacon('https://cdn.formstats.example/e?uid=' + id + '&field=' + encodeURIComponent(event.target.name) + '&ev=blur');
  }, true);
})();
