/* ShopTrust demo stub standing in for https://js.stripe.com/v3/ — not Stripe's code.
   It only defines a harmless window.Stripe so shop pages can call it. It sends nothing. */
(function () {
  'use strict';
  function Stripe(publishableKey) {
    if (!(this instanceof Stripe)) return new Stripe(publishableKey);
    this.version = 'demo-stub-3';
    this.key = String(publishableKey || '');
  }
  Stripe.prototype.elements = function () {
    return {
      create: function () {
        return { mount: function () {}, on: function () {}, destroy: function () {} };
      },
    };
  };
  Stripe.prototype.confirmCardPayment = function () {
    return Promise.resolve({ paymentIntent: { status: 'succeeded' } });
  };
  window.Stripe = Stripe;
})();
