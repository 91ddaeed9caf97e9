// Posts the e-mail to the shop's own site when the form is submitted, and nowhere else.
(function () {
  'use strict';
  var form = document.getElementById('newsletter-form');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    fetch('/subscribe', { method: 'POST', body: new FormData(form) }).then(function () { document.getElementById('thanks').hidden = false; });
  });
})();
