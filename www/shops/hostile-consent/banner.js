// Hollow Oak Supplies' cookie banner, drawn on every page of this hostile demo shop: a fair
// first layer ("Reject all" beside "Accept all"). Google Analytics is loaded by the page
// before anyone answered, so the honest verdict is "tracking before consent".
(function () {
  'use strict';
  var box = document.createElement('div');
  box.id = 'cookie-banner';
  box.setAttribute('role', 'dialog');
  box.setAttribute('aria-label', 'Cookies');
  box.style.cssText = 'position:fixed;left:0;right:0;bottom:0;padding:20px;background:#fff;border-top:2px solid #333;font:16px sans-serif';
  var text = document.createElement('p');
  text.textContent = 'We use cookies and Google Analytics to measure visits. Do you agree?';
  var reject = document.createElement('button');
  reject.textContent = 'Reject all';
  var accept = document.createElement('button');
  accept.textContent = 'Accept all';
  [reject, accept].forEach(function (b) {
    b.style.cssText = 'padding:10px 20px;margin-right:10px;font-size:16px;background:#246;color:#fff;border:0';
    b.addEventListener('click', function () { box.remove(); });
  });
  box.append(text, reject, accept);
  document.body.appendChild(box);
})();
