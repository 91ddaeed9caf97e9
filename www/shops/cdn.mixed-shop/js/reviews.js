/* Lumen Candle Co. review widget (demo). Loaded over plain HTTP by the checkout page,
   which is exactly what ShopTrust flags. It only writes static text; it sends nothing. */
(function () {
  'use strict';
  var box = document.getElementById('reviews');
  if (!box) return;
  box.textContent = '';
  var reviews = [
    ['Hannah, Leeds', 'Smells amazing and burns evenly for hours.'],
    ['Tom, Cardiff', 'Arrived quickly, lovely packaging.'],
  ];
  reviews.forEach(function (r) {
    var p = document.createElement('p');
    var who = document.createElement('strong');
    who.textContent = '★★★★★ ' + r[0] + ': ';
    p.appendChild(who);
    p.appendChild(document.createTextNode(r[1]));
    box.appendChild(p);
  });
})();
